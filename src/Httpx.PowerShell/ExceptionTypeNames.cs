using System.Management.Automation;
using System.Reflection;

namespace Httpx.PowerShell;

/// <summary>
/// Makes HTTPX's exception names PowerShell type names when the module is imported: [Httpx.ConnectTimeout] is
/// Httpx.ConnectTimeoutException, [Httpx.HTTPError] Httpx.HttpException, and so on for the whole hierarchy. An error's
/// id shows HTTPX's name (Httpx.HTTPStatusError), and an HTTPX user writes `except httpx.ConnectTimeout`: without these,
/// catch [Httpx.HTTPStatusError] failed with "Unable to find type". The engine's own class names still resolve.
/// </summary>
/// <remarks>
/// Registered as type accelerators, the way PowerShell's about_Classes documents for a module's types. They are
/// process-wide and not removed with the module: the assembly stays loaded (its own type names resolve after
/// Remove-Module too), and another runspace of the process may still use the module.
/// </remarks>
public sealed class ExceptionTypeNames : IModuleAssemblyInitializer
{
    // HTTPX's exception names (httpx._exceptions) and the engine classes they are. Private: a public dictionary is one
    // PowerShell can change through its runtime type's Add, whatever interface it is declared as.
    private static readonly Dictionary<string, Type> ByHttpxName = new()
    {
        // The abstract classes of the hierarchy, which no error id shows but a catch of a kind of failure needs.
        ["HTTPError"] = typeof(HttpException),
        ["RequestError"] = typeof(RequestException),
        ["TransportError"] = typeof(TransportException),
        ["TimeoutException"] = typeof(HttpTimeoutException),
        ["NetworkError"] = typeof(NetworkException),
        ["ProtocolError"] = typeof(ProtocolException),
        ["StreamError"] = typeof(StreamException),
        // Every concrete one, by its ErrorName (the name its error id shows).
        ["ConnectTimeout"] = typeof(ConnectTimeoutException),
        ["ReadTimeout"] = typeof(ReadTimeoutException),
        ["WriteTimeout"] = typeof(WriteTimeoutException),
        ["PoolTimeout"] = typeof(PoolTimeoutException),
        ["ConnectError"] = typeof(ConnectException),
        ["ReadError"] = typeof(ReadException),
        ["WriteError"] = typeof(WriteException),
        ["CloseError"] = typeof(CloseException),
        ["LocalProtocolError"] = typeof(LocalProtocolException),
        ["RemoteProtocolError"] = typeof(RemoteProtocolException),
        ["ProxyError"] = typeof(ProxyException),
        ["UnsupportedProtocol"] = typeof(UnsupportedProtocolException),
        ["DecodingError"] = typeof(DecodingException),
        ["TooManyRedirects"] = typeof(TooManyRedirectsException),
        ["HTTPStatusError"] = typeof(HttpStatusException),
        ["InvalidURL"] = typeof(InvalidUrlException),
        ["CookieConflict"] = typeof(CookieConflictException),
        ["StreamConsumed"] = typeof(StreamConsumedException),
        ["StreamClosed"] = typeof(StreamClosedException),
        ["ResponseNotRead"] = typeof(ResponseNotReadException),
        ["RequestNotRead"] = typeof(RequestNotReadException),
        // The module's own (HTTPX follows such a redirect): its error id is Httpx.InsecureRedirect.
        ["InsecureRedirect"] = typeof(InsecureRedirectException),
        // The module's own too (Python raises MemoryError): a body past what .NET can hold in memory.
        ["ResponseTooLarge"] = typeof(ResponseTooLargeException),
        // The module's own: a download whose SHA-256 is not the one its manifest gave.
        ["ChecksumMismatch"] = typeof(ChecksumMismatchException),
    };

    // Whether this assembly's names are registered: once per process, by the first import of any runspace.
    private static bool _registered;
    private static readonly object RegisterLock = new();

    public void OnImport()
    {
        // Once: the accelerators are process-wide, and PowerShell's table of them is not safe to change while another
        // runspace reads it. Each import (each runspace of a host that runs many, as a test run does) added them again,
        // and a tab completion in another runspace, filling its cache of all accelerators at that moment, failed with
        // "An item with the same key has already been added. Key: Httpx.RequestError".
        lock (RegisterLock)
        {
            if (_registered) return;
            // System.Management.Automation.TypeAccelerators is not public; if a PowerShell version lacks it, the engine's
            // class names ([Httpx.ConnectTimeoutException]) still work, so the import goes on without the short names.
            var accelerators = typeof(PSObject).Assembly.GetType("System.Management.Automation.TypeAccelerators");
            var add = accelerators?.GetMethod("Add", BindingFlags.Public | BindingFlags.Static, [typeof(string), typeof(Type)]);
            if (add is not null)
                foreach (var (name, type) in ByHttpxName) add.Invoke(null, ["Httpx." + name, type]);
            // Set after the names are there: a runspace importing meanwhile waits for them rather than find none.
            _registered = true;
        }
    }
}
