using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Httpx.TestServer.Endpoints;

/// <summary>Basic and Bearer auth, and /client-cert (Digest lives in DigestAuthEndpoint, NTLM and Negotiate in NtlmAuthEndpoint).</summary>
internal static class AuthEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.Map("/basic-auth/{user}/{passwd}", BasicAsync);
        app.Map("/bearer", BearerAsync);
        app.Map("/client-cert", ClientCertAsync);
        NtlmAuthEndpoint.Map(app);
    }

    // ?set_cookie=name=value: the 401 sets that cookie and only a request that sends it back may authenticate (a login
    // whose retry needs the session cookie of its challenge).
    private static Task BasicAsync(HttpContext context)
    {
        var setCookie = context.Request.Query["set_cookie"].ToString();
        var user = Responses.Route(context, "user") ?? "";
        var password = Responses.Route(context, "passwd") ?? "";
        var header = context.Request.Headers.Authorization.ToString();
        if (header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            string decoded;
            try
            {
                decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim()));
            }
            catch (FormatException)
            {
                decoded = "";
            }
            var cookieSent = setCookie.Length == 0 || context.Request.Headers.Cookie.ToString().Split(';').Any(c => c.Trim() == setCookie);
            if (decoded == user + ":" + password && cookieSent)
            {
                return Authenticated(context, "user", user);
            }
        }
        context.Response.Headers.WWWAuthenticate = "Basic realm=\"Fake Realm\"";
        if (setCookie.Length > 0) context.Response.Headers.SetCookie = setCookie + "; Path=/";
        return Unauthenticated(context);
    }

    private static Task BearerAsync(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && header[7..].Trim().Length > 0)
        {
            return Authenticated(context, "token", header[7..].Trim());
        }
        context.Response.Headers.WWWAuthenticate = "Bearer";
        return Unauthenticated(context);
    }

    // On ClientCertHttpsUrl the handshake already demands a CA-issued certificate; elsewhere there is none: 403.
    private static async Task ClientCertAsync(HttpContext context)
    {
        var certificate = context.Connection.ClientCertificate
            ?? (context.Request.IsHttps ? await context.Connection.GetClientCertificateAsync(context.RequestAborted) : null);
        if (certificate is null)
        {
            await Responses.ErrorAsync(context, StatusCodes.Status403Forbidden, "no client certificate");
            return;
        }
        await Responses.WriteJsonAsync(context, w =>
        {
            w.WriteStartObject();
            w.WriteString("subject", certificate.Subject);
            w.WriteString("issuer", certificate.Issuer);
            w.WriteString("thumbprint", certificate.Thumbprint);
            w.WriteEndObject();
        });
    }

    private static Task Authenticated(HttpContext context, string key, string value)
        => Responses.WriteJsonAsync(context, w =>
        {
            w.WriteStartObject();
            w.WriteBoolean("authenticated", true);
            w.WriteString(key, value);
            w.WriteEndObject();
        });

    private static Task Unauthenticated(HttpContext context)
        => Responses.WriteJsonAsync(context, w =>
        {
            w.WriteStartObject();
            w.WriteBoolean("authenticated", false);
            w.WriteEndObject();
        }, StatusCodes.Status401Unauthorized);
}
