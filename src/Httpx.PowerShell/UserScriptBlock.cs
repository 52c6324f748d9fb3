using System.Collections;
using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;

namespace Httpx.PowerShell;

/// <summary>
/// Runs a user's scriptblock that takes part in a request (an event hook, an auth flow, a mock handler) so that any
/// error in it fails that request. PowerShell alone would write a failing method call or cmdlet error in the block to
/// the host and go on (it is terminating only under Stop), so <c>$_.RaiseForStatus()</c> in a response hook would not
/// stop the request and would escape -ErrorAction and -ErrorVariable. An engine exception raised in the block, thrown
/// by it or by a method it called, is rethrown itself so that the error record says what it is (HTTPStatusError...);
/// any other failure is marked as the block's, so that its record is Httpx.ScriptBlockError with the block's category.
/// </summary>
internal static class UserScriptBlock
{
    /// <summary>
    /// The runspace a block given to a cmdlet now belongs to: the one running that cmdlet. Kept with the block, so that
    /// <see cref="Invoke"/> knows when it is called from another runspace (a client handed to ForEach-Object -Parallel).
    /// </summary>
    public static Runspace? Home => Runspace.DefaultRunspace;

    /// <summary>
    /// Runs <paramref name="block"/>, made in the runspace <paramref name="home"/> (<see cref="Home"/> when it was given),
    /// on this pipeline thread. A call from another runspace is refused (<see cref="InAnotherRunspace"/>).
    /// <paramref name="cmdlet"/>, the command whose request it runs for, writes its warnings and information
    /// (<see cref="WriteStreamRecords"/>); null outside a command.
    /// </summary>
    public static Collection<PSObject> Invoke(ScriptBlock block, Runspace? home, Cmdlet? cmdlet, object? dollarUnder, params object?[] args)
    {
        if (HandOverTurn(home) is not { } turn) return InvokeHere(block, cmdlet, dollarUnder, args);
        // The turn is waited for through a task: the thread pool adds threads for a thread blocked so, not for one
        // blocked in Monitor.Enter. Callers that can await (hooks, mock handlers) use RunForRequestAsync, which holds none.
        turn.WaitAsync().GetAwaiter().GetResult();
        // Handed to the block's runspace from a thread of none: no command's pipeline thread, nothing it may write.
        return InvokeInTurn(turn, block, dollarUnder, args);
    }

    /// <summary>
    /// Runs <paramref name="block"/> for a request and gives <paramref name="then"/> its output: on the pipeline thread of
    /// the command sending the request (through its <see cref="PipelineDispatcher"/>), or, outside a command (the client's
    /// own methods awaited from script), handed to the block's runspace after waiting for its turn without holding a
    /// thread. Forty requests' hooks awaited together from script (<c>$c.GetAsync()</c>, each hand-over ~250 ms) blocked
    /// as many pool threads in that wait, and under load the requests still being read starved into read timeouts.
    /// <paramref name="cancellationToken"/> (the request's) ends the wait for the turn, which another call may hold for as
    /// long as its block runs; inside a command, the command's stop ends the wait for the pipeline thread.
    /// </summary>
    public static Task<T> RunForRequestAsync<T>(ScriptBlock block, Runspace? home, object? dollarUnder, object?[] args, Func<Collection<PSObject>, T> then,
        CancellationToken cancellationToken = default) =>
        PipelineDispatcher.Current is { } dispatcher
            ? dispatcher.InvokeAsync(() => then(Invoke(block, home, dispatcher.Cmdlet, dollarUnder, args)))
            : InvokeOffCommandAsync(block, home, dollarUnder, args, then, cancellationToken);

    private static async Task<T> InvokeOffCommandAsync<T>(ScriptBlock block, Runspace? home, object? dollarUnder, object?[] args, Func<Collection<PSObject>, T> then,
        CancellationToken cancellationToken)
    {
        if (HandOverTurn(home) is not { } turn) return then(InvokeHere(block, null, dollarUnder, args));
        await turn.WaitAsync(cancellationToken).ConfigureAwait(false);
        return then(InvokeInTurn(turn, block, dollarUnder, args));
    }

    // The block handed to its runspace in the turn this call holds (see HandOverTurn), which it then gives up.
    private static Collection<PSObject> InvokeInTurn(SemaphoreSlim turn, ScriptBlock block, object? dollarUnder, object?[] args)
    {
        try
        {
            return InvokeHere(block, null, dollarUnder, args);
        }
        finally
        {
            turn.Release();
        }
    }

    /// <summary>
    /// Null when the block runs here, on its own runspace's thread; else the turn to wait for before PowerShell hands the
    /// call to the block's runspace, or a refusal when that cannot be done safely.
    /// </summary>
    private static SemaphoreSlim? HandOverTurn(Runspace? home)
    {
        if (home is null || ReferenceEquals(home, Runspace.DefaultRunspace)) return null;
        // PowerShell's own failure here is a NullReferenceException that says nothing of the runspace.
        if (home.RunspaceStateInfo.State != RunspaceState.Opened)
            throw Refusal(
                "This scriptblock belongs to a runspace that is closed (the one that made the client, its hooks, auth or mock transport), " +
                "and PowerShell runs a scriptblock only in its own runspace: make the client in the runspace that uses it.");
        if (Runspace.DefaultRunspace is not null) throw Refusal(InAnotherRunspace);
        // No runspace on this thread (an engine call awaited from script): PowerShell hands the call to the block's
        // runspace through an engine event, and two such calls at once can both be given one call's event, so that one
        // block runs twice and the other never. One call at a time per home runspace avoids it.
        return HomeCalls.GetValue(home, static _ => new SemaphoreSlim(1, 1));
    }

    /// <summary>
    /// Why a client's scriptblock is not run from another runspace (the client handed to ForEach-Object -Parallel with
    /// $using:, a thread job, a runspace pool). PowerShell would hand the call to the block's runspace through an engine
    /// event, and wait: without our $ErrorActionPreference, slowly (up to ~250 ms a call while that runspace is busy),
    /// never if that runspace is blocked (a Write-Error in a mock handler hung ForEach-Object -Parallel for good), and two
    /// calls at once could run one block twice and the other never. PowerShell refuses scriptblocks in
    /// ForEach-Object -Parallel's $using: for the same reason.
    /// </summary>
    internal const string InAnotherRunspace =
        "This scriptblock (a client's hook or -DefaultEncoding, a New-HttpxAuth -ScriptBlock flow or a New-HttpxMockTransport handler) belongs to the runspace that made it, " +
        "and this request runs in another (ForEach-Object -Parallel, a thread job): PowerShell cannot run a scriptblock safely outside its own runspace. " +
        "Make the client inside the parallel block, with its auth and mock transport; a client or auth without scriptblocks may be shared.";

    // The block's error (Httpx.ScriptBlockError) with the category of what was asked of it.
    private static InvalidOperationException Refusal(string message)
    {
        var refusal = new InvalidOperationException(message);
        refusal.Data[FailedKey] = ErrorCategory.InvalidOperation;
        return refusal;
    }

    private static readonly ConditionalWeakTable<Runspace, SemaphoreSlim> HomeCalls = new();

    /// <summary>
    /// Runs a block with its warnings and information (Write-Warning, Write-Information, Write-Host) in its output, for
    /// <see cref="WriteStreamRecords"/>. Run as it was, they went to the caller's streams past the command: a hook's
    /// Write-Warning escaped Invoke-Httpx -WarningVariable and -WarningAction (a nightly job's "slow call" warnings
    /// collected in -WarningVariable came back empty), where ForEach-Object's block's are its own.
    /// </summary>
    private static readonly ScriptBlock WithStreamsInOutput =
        ScriptBlock.Create("param($__httpxBlock, $__httpxArgs) & $__httpxBlock @__httpxArgs 3>&1 6>&1");

    /// <summary>
    /// <see cref="WithStreamsInOutput"/> where it runs in the block's own session state, so that the block sees the
    /// wrapper's $_ (a variable of the scope it is called from); else null, and the block runs as it is. An unbound block
    /// runs in the session state of the command's caller: a block of a module gets a wrapper bound to that module, a
    /// block of none (the runspace's own session state) the unbound one only when the command was not called from a
    /// module's function (a Pester mock handler given to a module's client saw no $_ there).
    /// </summary>
    private static ScriptBlock? WithStreamsInOutputFor(ScriptBlock block, Cmdlet cmdlet) =>
        block.Module is { } module ? module.NewBoundScriptBlock(WithStreamsInOutput)
        : cmdlet is PSCmdlet { SessionState.Module: null } ? WithStreamsInOutput
        : null;

    // The block's warnings and information written by the command, as ForEach-Object writes its block's: its
    // -WarningVariable, -InformationVariable, -WarningAction and -InformationAction then take them, and a redirection
    // around it (3>&1) still does. What is left is the block's output.
    private static Collection<PSObject> WriteStreamRecords(Cmdlet cmdlet, Collection<PSObject> output)
    {
        if (!output.Any(item => item?.BaseObject is WarningRecord or InformationRecord)) return output;
        var rest = new Collection<PSObject>();
        foreach (var item in output)
        {
            switch (item?.BaseObject)
            {
                case WarningRecord warning: cmdlet.WriteWarning(warning.Message); break;
                case InformationRecord information: cmdlet.WriteInformation(information); break;
                default: rest.Add(item!); break;
            }
        }
        return rest;
    }

    private static Collection<PSObject> InvokeHere(ScriptBlock block, Cmdlet? cmdlet, object? dollarUnder, object?[] args)
    {
        var variables = new List<PSVariable> { new("ErrorActionPreference", ActionPreference.Stop) };
        if (dollarUnder is not null) variables.Add(new PSVariable("_", dollarUnder));
        try
        {
            return cmdlet is not null && WithStreamsInOutputFor(block, cmdlet) is { } wrapper
                ? WriteStreamRecords(cmdlet, wrapper.InvokeWithContext(null, variables, block, args))
                : block.InvokeWithContext(null, variables, args);
        }
        catch (RuntimeException e) when (EngineException(e) is { } inner)
        {
            ForgetBlockRecord(inner);
            ExceptionDispatchInfo.Capture(inner).Throw();
            throw;
        }
        catch (ActionPreferenceStopException e) when (e.ErrorRecord?.Exception is { } original && original != e)
        {
            // Write-Error 'why' in the block: the error is 'why', not "the running command stopped because...".
            ExceptionDispatchInfo.Capture(WithRequest(MarkFailed(original, e.ErrorRecord), dollarUnder, args)).Throw();
            throw;
        }
        catch (Exception e) when (e is LoopFlowException or ExitException)
        {
            // break, continue or exit in the block: PowerShell's own message is "System error.". No loop of the caller's
            // is there to leave (the block runs inside the cmdlet) and a request cannot end the script: it fails, saying so.
            throw WithRequest(Refusal(
                $"A scriptblock of this request (an event hook, auth flow or mock handler) used '{FlowKeyword(e)}', which cannot leave it: " +
                "it has no loop of the caller's around it, and a request cannot end the script. Leave a scriptblock with 'return', or fail its request with 'throw'."), dollarUnder, args);
        }
        catch (Exception e) when (e is not HttpxException and not PipelineStoppedException)
        {
            WithRequest(MarkFailed(e, (e as IContainsErrorRecord)?.ErrorRecord), dollarUnder, args);
            throw;
        }
    }

    /// <summary>
    /// The request whose block failed (<see cref="WithRequest"/>), or null: the record's target is its URL, as an engine
    /// error's is. The target had been the URL as given, a path joined to -BaseUrl ('/status/418'), where the other
    /// items' errors of the same command have the absolute URL.
    /// </summary>
    public static Request? RequestOf(Exception exception) => exception.Data[RequestKey] as Request;

    private const string RequestKey = "Httpx.Request";

    // The request the failed block ran for: $_ of a request hook or mock handler, a response hook's response's, or the
    // argument of an auth flow. Only on the way out of a failure.
    private static Exception WithRequest(Exception exception, object? dollarUnder, object?[] args)
    {
        var request = dollarUnder switch
        {
            Request given => given,
            Response { HasRequest: true } response => response.Request,
            _ => Array.Find(args, a => a is Request) as Request,
        };
        if (request is not null) exception.Data[RequestKey] = request;
        return exception;
    }

    /// <summary>
    /// What to throw for <paramref name="exception"/> out of a method of a user's PowerShell class (a body stream's
    /// Read): as for a block, an engine exception it threw is itself (PowerShell wraps it in a RuntimeException) and any
    /// other failure is marked as the user's (Httpx.ScriptBlockError). On the pipeline thread.
    /// </summary>
    public static Exception MethodFailure(Exception exception)
    {
        if (exception is RuntimeException runtime && EngineException(runtime) is { } inner)
        {
            ForgetBlockRecord(inner);
            return inner;
        }
        return MarkFailed(exception, (exception as IContainsErrorRecord)?.ErrorRecord);
    }

    private static string FlowKeyword(Exception flow) => flow switch
    {
        ExitException { Argument: { } code } => $"exit {code}",
        ExitException => "exit",
        ContinueException => "continue",
        _ => "break",
    };

    /// <summary>Whether <paramref name="exception"/> came out of a user's scriptblock (its record is then Httpx.ScriptBlockError).</summary>
    public static bool Failed(Exception exception) => exception.Data.Contains(FailedKey);

    /// <summary>
    /// Whether <paramref name="exception"/>, out of a user's block, is a test's verdict rather than a failure of the
    /// request: Pester's Should failing (or Set-ItResult) in a mock handler or hook. Written as the request's error,
    /// which is not thrown, the test passed, as Pester fails a test only on what is thrown; HTTPX's mock handlers assert
    /// what they receive (pytest's assert fails the test through client.send), and a Should in Pester's own Mock fails
    /// the test. The command throws it as it is, so that the test fails with Pester's message.
    /// </summary>
    public static bool IsTestVerdict(Exception exception) =>
        Failed(exception) && exception is IContainsErrorRecord { ErrorRecord.FullyQualifiedErrorId: var id } && TestVerdictIds.Contains(id);

    // Pester 5's ids for Should's failure and Set-ItResult's results (its own list of what ends a test with a result).
    private static readonly string[] TestVerdictIds = ["PesterAssertionFailed", "PesterTestSkipped", "PesterTestInconclusive", "PesterTestPending"];

    /// <summary>The category the user's script gave the failure (OperationStopped for a thrown string, Write-Error's -Category).</summary>
    public static ErrorCategory FailureCategory(Exception exception) =>
        exception.Data[FailedKey] is ErrorCategory category ? category : ErrorCategory.NotSpecified;

    /// <summary>
    /// A failure in what a user's scriptblock returned (no response, two, a hashtable with an unknown key): the user's
    /// error as much as one the block throws, so also Httpx.ScriptBlockError, with the category InvalidResult.
    /// </summary>
    public static TException WrongOutput<TException>(TException exception) where TException : Exception
    {
        exception.Data[FailedKey] = ErrorCategory.InvalidResult;
        return exception;
    }

    // A mark on the exception itself rather than a wrapper: the record keeps the user's message and the script's stack.
    private const string FailedKey = "Httpx.ScriptBlockError";

    private static Exception MarkFailed(Exception exception, ErrorRecord? record)
    {
        exception.Data[FailedKey] = record?.CategoryInfo.Category ?? ErrorCategory.NotSpecified;
        return exception;
    }

    /// <summary>
    /// PowerShell has put the block's own record of <paramref name="exception"/> in $Error (its id is the message, as
    /// for any thrown object), and it never adds a record of the same exception twice in a row: the cmdlet's record
    /// (Httpx.ConnectTimeout...) would be left out and $Error[0] would be the block's. Taking the block's out lets the
    /// cmdlet's take its place. A failed method call's record is the block's too, and would be a second record of one
    /// failure. Runs on the pipeline thread, as every user block does.
    /// </summary>
    private static void ForgetBlockRecord(Exception exception)
    {
        // Read through a script: the runspace's SessionStateProxy refuses calls while its pipeline runs.
        // The block's record holds the exception itself (thrown), or a MethodInvocationException around it (a method
        // it called failed: $_.RaiseForStatus()); the cmdlet's record is added after either.
        if (PSObject.AsPSObject(DollarError.InvokeReturnAsIs()).BaseObject is ArrayList { Count: > 0 } errors
            && errors[0] is ErrorRecord { } record
            && (ReferenceEquals(record.Exception, exception)
                || record.Exception is MethodInvocationException && ReferenceEquals(record.Exception.InnerException, exception)))
            errors.RemoveAt(0);
    }

    private static readonly ScriptBlock DollarError = ScriptBlock.Create(",$global:Error");

    private static HttpxException? EngineException(RuntimeException e) =>
        e.ErrorRecord?.Exception as HttpxException ?? e.InnerException as HttpxException ?? e.ErrorRecord?.Exception?.InnerException as HttpxException;
}
