using System.Text;

namespace Httpx;

/// <summary>One <c>machine</c> or <c>default</c> entry of a .netrc file; a value not given is empty.</summary>
internal sealed record NetRCEntry(string Login, string Account, string Password);

/// <summary>
/// A .netrc file as Python's <c>netrc.netrc</c> reads it (HTTPX's NetRCAuth uses that): its <c>machine</c> entries by
/// host name, its <c>default</c> entry, and <see cref="Authenticators"/>, the entry for a host. A file that does not
/// parse is a <see cref="FormatException"/> naming the file and the line.
/// </summary>
internal sealed class NetRCFile
{
    private readonly Dictionary<string, NetRCEntry> _machines;
    private readonly NetRCEntry? _default;

    private NetRCFile(string path, Dictionary<string, NetRCEntry> machines, NetRCEntry? defaultEntry)
    {
        Path = path;
        _machines = machines;
        _default = defaultEntry;
    }

    public string Path { get; }

    /// <summary>Python's <c>authenticators(host)</c>: the host's entry, else the default entry, else null.</summary>
    public NetRCEntry? Authenticators(string host) => _machines.GetValueOrDefault(host) ?? _default;

    /// <summary>The file used when none is given: <c>NETRC</c>, else <c>~/.netrc</c> (and <c>~/_netrc</c> on Windows, as curl).</summary>
    public static string DefaultPath()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("NETRC");
        if (!string.IsNullOrEmpty(fromEnvironment)) return fromEnvironment;
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var netrc = System.IO.Path.Combine(home, ".netrc");
        if (OperatingSystem.IsWindows() && !File.Exists(netrc))
        {
            var underscore = System.IO.Path.Combine(home, "_netrc");
            if (File.Exists(underscore)) return underscore;
        }
        return netrc;
    }

    public static NetRCFile Read(string path)
    {
        // A folder does exist: "does not exist" sent the user looking for a typo in a path that is there.
        if (Directory.Exists(path)) throw new ArgumentException($"The .netrc file '{path}' is a folder: give the path of the .netrc file itself.", "file");
        if (!File.Exists(path)) throw new FileNotFoundException($"The .netrc file '{path}' does not exist.", path);
        var lines = File.ReadAllLines(path);
        var tokens = Tokens(lines, path).GetEnumerator();
        // Host names match exactly, as in Python's netrc (its hosts dict): "machine Example.COM" is not example.com.
        var machines = new Dictionary<string, NetRCEntry>(StringComparer.Ordinal);
        NetRCEntry? defaultEntry = null;
        var anyPassword = false;

        string? machine = null;
        bool isDefault = false, inEntry = false;
        string login = "", account = "", password = "";
        string? previous = null; // the keyword whose value was read last
        void Finish()
        {
            if (!inEntry) return;
            var entry = new NetRCEntry(login, account, password);
            if (isDefault) defaultEntry = entry;
            else machines[machine!] = entry; // a later entry for the same host wins, as in Python's netrc
            anyPassword |= password.Length > 0;
        }
        string Next(string after, int line) =>
            tokens.MoveNext() ? tokens.Current.Text : throw new FormatException($"Malformed .netrc file '{path}', line {line}: '{after}' is not followed by a value.");

        while (tokens.MoveNext())
        {
            var (token, line) = tokens.Current;
            switch (token)
            {
                case "machine":
                    Finish();
                    machine = Next(token, line);
                    isDefault = false;
                    inEntry = true;
                    login = account = password = "";
                    break;
                case "default":
                    Finish();
                    isDefault = true;
                    inEntry = true;
                    login = account = password = "";
                    break;
                case "login" or "user" when inEntry: login = Next(token, line); break;
                case "password" or "passwd" when inEntry: password = Next(token, line); break;
                case "account" when inEntry: account = Next(token, line); break;
                case "macdef":
                    Finish();
                    inEntry = false;
                    Next(token, line); // the macro's name; its body (up to a blank line) is skipped by Tokens
                    break;
                default:
                    // After a password, a stray word is most likely the rest of an unquoted password: never print it.
                    throw new FormatException(previous is "password" or "passwd"
                        ? $"Malformed .netrc file '{path}', line {line}: unexpected token after the password (quote a password that contains spaces)."
                        : $"Malformed .netrc file '{path}', line {line}: unexpected token '{Truncate(token)}'.");
            }
            previous = token;
        }
        Finish();
        if (anyPassword) CheckPermissions(path);
        return new NetRCFile(path, machines, defaultEntry);
    }

    private static string Truncate(string token) => token.Length > 20 ? token[..20] + "..." : token;

    /// <summary>
    /// Passwords in a file others can read are already leaked. curl only warns; we refuse, as Python's netrc does for
    /// ~/.netrc: on Unix a file holding a password must not be readable or writable by group or others (checked for any
    /// path, since a file passed explicitly is just as exposed). The owner is not checked: .NET has no portable API for it.
    /// A SecurityException (Python's NetrcParseError "access too permissive"): an UnauthorizedAccessException would say
    /// that we were denied access to the file, and reads as a failure to read it.
    /// </summary>
    private static void CheckPermissions(string path)
    {
        if (OperatingSystem.IsWindows()) return;
        var mode = File.GetUnixFileMode(path);
        const UnixFileMode others = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
                                    UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;
        if ((mode & others) != 0)
            throw new System.Security.SecurityException(
                $"The .netrc file '{path}' holds passwords but is accessible by group or others (mode {Octal(mode)}); " +
                $"restrict it to its owner (chmod 600 '{path}').");
    }

    private static string Octal(UnixFileMode mode) => Convert.ToString((int)mode & 0x1FF, 8).PadLeft(3, '0');

    /// <summary>Whitespace-separated tokens with their line numbers; "quoted \"tokens\"", # comments, macdef bodies skipped.</summary>
    private static IEnumerable<(string Text, int Line)> Tokens(string[] lines, string path)
    {
        var inMacro = false;
        var previous = "";
        for (var n = 0; n < lines.Length; n++)
        {
            var line = lines[n];
            if (inMacro)
            {
                if (line.Trim().Length == 0) inMacro = false;
                continue;
            }
            var i = 0;
            while (i < line.Length)
            {
                if (char.IsWhiteSpace(line[i])) { i++; continue; }
                // A comment where a keyword may start; after one that takes a value, '#' begins the value (Python's
                // netrc reads "password #hash" as the password "#hash").
                if (line[i] == '#' && previous is not ("machine" or "login" or "password" or "account" or "macdef")) break;
                var token = new StringBuilder();
                if (line[i] == '"')
                {
                    i++;
                    while (i < line.Length && line[i] != '"')
                    {
                        if (line[i] == '\\' && i + 1 < line.Length) i++;
                        token.Append(line[i++]);
                    }
                    if (i >= line.Length) throw new FormatException($"Malformed .netrc file '{path}', line {n + 1}: unterminated quote.");
                    i++;
                }
                else
                {
                    while (i < line.Length && !char.IsWhiteSpace(line[i]))
                    {
                        if (line[i] == '\\' && i + 1 < line.Length) i++;
                        token.Append(line[i++]);
                    }
                }
                var text = token.ToString();
                yield return (text, n + 1);
                // A macro's body starts on the next line and runs to the first blank line.
                if (previous == "macdef") inMacro = true;
                previous = text;
            }
        }
    }
}
