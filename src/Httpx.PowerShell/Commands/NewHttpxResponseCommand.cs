using System.Management.Automation;

namespace Httpx.PowerShell.Commands;

/// <summary>
/// New-HttpxResponse: a response built in memory (HTTPX's <c>httpx.Response(...)</c>), for mock transports and tests.
/// </summary>
[Cmdlet(VerbsCommon.New, "HttpxResponse", DefaultParameterSetName = NoBodySet)]
[OutputType(typeof(Response))]
public sealed class NewHttpxResponseCommand : PSCmdlet
{
    private const string NoBodySet = "NoBody";

    [Parameter(Mandatory = true, Position = 0)]
    [ValidateRange(100, 999)]
    public int StatusCode { get; set; }

    /// <summary>A hashtable (or dictionary) of header names to a value or a list of values.</summary>
    [Parameter(Position = 1)]
    public System.Collections.IDictionary? Headers { get; set; }

    /// <summary>The body as bytes or a string, sent as they are, with no Content-Type.</summary>
    [Parameter(ParameterSetName = "Content", Mandatory = true)]
    public object? Content { get; set; }

    /// <summary>A text body (Content-Type: text/plain; charset=utf-8).</summary>
    [Parameter(ParameterSetName = "Text", Mandatory = true)]
    [AllowEmptyString]
    public string? Text { get; set; }

    /// <summary>An HTML body (Content-Type: text/html; charset=utf-8).</summary>
    [Parameter(ParameterSetName = "Html", Mandatory = true)]
    [AllowEmptyString]
    public string? Html { get; set; }

    /// <summary>A value serialised as JSON, or a string of JSON text used as it is (Content-Type: application/json).</summary>
    [Parameter(ParameterSetName = "Json", Mandatory = true)]
    public object? Json { get; set; }

    /// <summary>
    /// A body read from the stream as it is consumed, as HTTPX's <c>Response(200, stream=...)</c>: unread until a client
    /// reads it, so that -Stream Lines and -Download code can be tested chunk by chunk. No header is added for it.
    /// </summary>
    [Parameter(ParameterSetName = "Stream", Mandatory = true)]
    public System.IO.Stream? Stream { get; set; }

    /// <summary>The HTTP version the response says it came over (HTTPX's "http_version" extension); HTTP/1.1 if not given.</summary>
    [Parameter]
    [ValidateSet(ResponseBuilder.Http10, ResponseBuilder.Http11, ResponseBuilder.Http2, ResponseBuilder.Http3)]
    public string? HttpVersion { get; set; }

    /// <summary>The reason phrase (HTTPX's "reason_phrase" extension); the standard one for the status code if not given.</summary>
    [Parameter]
    [AllowEmptyString]
    public string? ReasonPhrase { get; set; }

    /// <summary>The request this response answers (a mock transport's client sets it itself).</summary>
    [Parameter(ValueFromPipeline = true)]
    public Request? Request { get; set; }

    protected override void ProcessRecord()
    {
        try
        {
            WriteObject(ResponseBuilder.Build(StatusCode, Headers, Content, Text, Html, Json, Request, Stream, HttpVersion, ReasonPhrase));
        }
        catch (ArgumentException e)
        {
            ThrowTerminatingError(ErrorRecordFactory.InvalidArgument(e, e.ParamName));
        }
    }
}
