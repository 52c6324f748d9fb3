namespace Httpx;

/// <summary>
/// The request extension <c>"trace"</c>, after HTTPX's (which httpcore calls with its connection events): called on the
/// sending thread at each hop of a request (every redirect and auth step), with <see cref="RequestTraceEvents.Sending"/> and
/// the <see cref="Request"/> as it goes out (after auth flows and event hooks changed it), then with
/// <see cref="RequestTraceEvents.Received"/> and the <see cref="Response"/> once its headers are in. Redirects keep the
/// extension. A hop whose request opens a connection is also told of it, between those two: the connect and the TLS
/// handshake, as httpcore's connection events (<see cref="RequestTraceEvents"/>; each with an info record of its own,
/// <see cref="ConnectTcpStartedInfo"/> and the others). For logging what was really sent, as verbose output does.
/// </summary>
public delegate void RequestTrace(string eventName, object info);
