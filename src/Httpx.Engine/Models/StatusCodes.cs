namespace Httpx;

/// <summary>
/// HTTPX's <c>codes</c> helpers: the standard reason phrase of each status code (used where HTTP/2 sends none) and the
/// status classes. The codes by name are <see cref="Codes"/>.
/// </summary>
public static class StatusCodes
{
    private static readonly Dictionary<int, string> Phrases = new()
    {
        [100] = "Continue", [101] = "Switching Protocols", [102] = "Processing", [103] = "Early Hints",
        [200] = "OK", [201] = "Created", [202] = "Accepted", [203] = "Non-Authoritative Information", [204] = "No Content",
        [205] = "Reset Content", [206] = "Partial Content", [207] = "Multi-Status", [208] = "Already Reported", [226] = "IM Used",
        [300] = "Multiple Choices", [301] = "Moved Permanently", [302] = "Found", [303] = "See Other", [304] = "Not Modified",
        [305] = "Use Proxy", [307] = "Temporary Redirect", [308] = "Permanent Redirect",
        [400] = "Bad Request", [401] = "Unauthorized", [402] = "Payment Required", [403] = "Forbidden", [404] = "Not Found",
        [405] = "Method Not Allowed", [406] = "Not Acceptable", [407] = "Proxy Authentication Required", [408] = "Request Timeout",
        [409] = "Conflict", [410] = "Gone", [411] = "Length Required", [412] = "Precondition Failed", [413] = "Request Entity Too Large",
        [414] = "Request-URI Too Long", [415] = "Unsupported Media Type", [416] = "Requested Range Not Satisfiable",
        [417] = "Expectation Failed", [418] = "I'm a teapot", [421] = "Misdirected Request", [422] = "Unprocessable Entity",
        [423] = "Locked", [424] = "Failed Dependency", [425] = "Too Early", [426] = "Upgrade Required", [428] = "Precondition Required",
        [429] = "Too Many Requests", [431] = "Request Header Fields Too Large", [451] = "Unavailable For Legal Reasons",
        [500] = "Internal Server Error", [501] = "Not Implemented", [502] = "Bad Gateway", [503] = "Service Unavailable",
        [504] = "Gateway Timeout", [505] = "HTTP Version Not Supported", [506] = "Variant Also Negotiates",
        [507] = "Insufficient Storage", [508] = "Loop Detected", [510] = "Not Extended", [511] = "Network Authentication Required",
    };

    /// <summary>The standard phrase, or "" for an unknown code (as HTTPX).</summary>
    public static string ReasonPhrase(int statusCode) => Phrases.TryGetValue(statusCode, out var phrase) ? phrase : "";

    // HTTPX's codes.is_informational and friends: the status classes, by range (any number, listed or not).
    public static bool IsInformational(int statusCode) => statusCode is >= 100 and <= 199;
    public static bool IsSuccess(int statusCode) => statusCode is >= 200 and <= 299;
    public static bool IsRedirect(int statusCode) => statusCode is >= 300 and <= 399;
    public static bool IsClientError(int statusCode) => statusCode is >= 400 and <= 499;
    public static bool IsServerError(int statusCode) => statusCode is >= 500 and <= 599;
    public static bool IsError(int statusCode) => statusCode is >= 400 and <= 599;
}
