namespace Httpx;

/// <summary>The event names a <see cref="RequestTrace"/> is called with.</summary>
public static class RequestTraceEvents
{
    public const string Sending = "send_request_headers.started";
    public const string Received = "receive_response_headers.complete";
}
