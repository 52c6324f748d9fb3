using System.Buffers.Binary;
using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Httpx.TestServer.Endpoints;

/// <summary>
/// NTLM (MS-NLMP) and Negotiate (SPNEGO wrapping NTLM, RFC 4178) servers, enough to prove which account a client used:
/// /ntlm/{user}/{passwd}[/{domain}] and /negotiate/{user}/{passwd}[/{domain}]. A type-1 message gets a type-2 challenge
/// whose server challenge is remembered on the connection (NTLM is connection-bound: a type-3 on another connection
/// fails); the type-3's user and domain must match and its NTLMv2 response must verify with the password. Success:
/// 200 {"authenticated": true, "scheme", "user", "domain", "workstation"}; anything else: 401 {"authenticated": false,
/// "authorization": the scheme of the Authorization header seen, or null}.
/// </summary>
internal static class NtlmAuthEndpoint
{
    private const string ChallengeKey = "ntlm.server_challenge";
    private const string NtlmOid = "1.3.6.1.4.1.311.2.2.10";
    private const string SpnegoOid = "1.3.6.1.5.5.2";
    private static readonly byte[] Signature = "NTLMSSP\0"u8.ToArray();

    public static void Map(IEndpointRouteBuilder app)
    {
        app.Map("/ntlm/{user}/{passwd}", context => HandleAsync(context, "NTLM"));
        app.Map("/ntlm/{user}/{passwd}/{domain}", context => HandleAsync(context, "NTLM"));
        app.Map("/negotiate/{user}/{passwd}", context => HandleAsync(context, "Negotiate"));
        app.Map("/negotiate/{user}/{passwd}/{domain}", context => HandleAsync(context, "Negotiate"));
    }

    private static Task HandleAsync(HttpContext context, string scheme)
    {
        var header = context.Request.Headers.Authorization.ToString();
        var seen = header.Length == 0 ? null : header.Split(' ', 2)[0];
        var message = header.StartsWith(scheme + " ", StringComparison.OrdinalIgnoreCase) ? Decode(header[(scheme.Length + 1)..], scheme) : null;
        var items = context.Features.Get<IConnectionItemsFeature>()?.Items;
        if (message is null || items is null) return Unauthenticated(context, scheme, seen, token: null);

        switch (MessageType(message))
        {
            case 1:
                var challenge = RandomNumberGenerator.GetBytes(8);
                items[ChallengeKey] = challenge;
                var type2 = ChallengeMessage(message, challenge);
                return Unauthenticated(context, scheme, seen, scheme == "Negotiate" ? SpnegoResponse(type2, completed: false) : type2);
            case 3:
                var serverChallenge = items.TryGetValue(ChallengeKey, out var c) ? c as byte[] : null;
                items.Remove(ChallengeKey);
                var account = serverChallenge is null ? null : Verify(context, message, serverChallenge);
                if (account is null) return Unauthenticated(context, scheme, seen, token: null);
                return Responses.WriteJsonAsync(context, w =>
                {
                    w.WriteStartObject();
                    w.WriteBoolean("authenticated", true);
                    w.WriteString("scheme", scheme);
                    w.WriteString("user", account.Value.User);
                    w.WriteString("domain", account.Value.Domain);
                    w.WriteString("workstation", account.Value.Workstation);
                    w.WriteEndObject();
                });
            default:
                return Unauthenticated(context, scheme, seen, token: null);
        }
    }

    /// <summary>The NTLM message in an Authorization value: as it is for NTLM, inside the SPNEGO token for Negotiate.</summary>
    private static byte[]? Decode(string value, string scheme)
    {
        byte[] token;
        try
        {
            token = Convert.FromBase64String(value.Trim());
            if (scheme == "Negotiate") token = SpnegoMechToken(token) ?? [];
        }
        catch (Exception e) when (e is FormatException or AsnContentException)
        {
            return null;
        }
        return token.Length >= 12 && token.AsSpan(0, 8).SequenceEqual(Signature) ? token : null;
    }

    private static int MessageType(byte[] message) => BinaryPrimitives.ReadInt32LittleEndian(message.AsSpan(8));

    // NegTokenInit inside the GSS-API [APPLICATION 0] wrapper (first token), or NegTokenResp [1] (later ones): the NTLM
    // message is the mechToken [2] / responseToken [2].
    private static byte[]? SpnegoMechToken(byte[] token)
    {
        var reader = new AsnReader(token, AsnEncodingRules.DER);
        AsnReader fields;
        if (reader.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.Application, 0)))
        {
            var wrapper = reader.ReadSequence(new Asn1Tag(TagClass.Application, 0));
            if (wrapper.ReadObjectIdentifier() != SpnegoOid) return null;
            fields = wrapper.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0)).ReadSequence();
        }
        else
        {
            fields = reader.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 1)).ReadSequence();
        }
        while (fields.HasData)
        {
            var tag = fields.PeekTag();
            var field = fields.ReadSequence(tag);
            if (tag.TagValue == 2) return field.ReadOctetString();
        }
        return null;
    }

    private static byte[] SpnegoResponse(byte[] ntlmToken, bool completed)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 1)))
        using (writer.PushSequence())
        {
            using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0)))
                writer.WriteEncodedValue(new byte[] { 0x0A, 0x01, (byte)(completed ? 0 : 1) }); // negState: accept-completed / accept-incomplete
            using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 1)))
                writer.WriteObjectIdentifier(NtlmOid);
            using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 2)))
                writer.WriteOctetString(ntlmToken);
        }
        return writer.Encode();
    }

    // CHALLENGE_MESSAGE: the client's flags echoed (so whatever it requires is granted) with one choice made where it
    // offers two (Unicode over OEM, extended session security over LM keys), plus target info with the NetBIOS names
    // and a timestamp, which NTLMv2 clients insist on.
    private static byte[] ChallengeMessage(byte[] negotiate, byte[] serverChallenge)
    {
        const uint Oem = 0x2, LmKey = 0x80, TargetInfoFlag = 0x00800000, TargetTypeDomain = 0x00010000;
        var flags = (BinaryPrimitives.ReadUInt32LittleEndian(negotiate.AsSpan(12)) & ~(Oem | LmKey)) | TargetInfoFlag | TargetTypeDomain;
        var targetName = Encoding.Unicode.GetBytes("TESTDOMAIN");
        var targetInfo = new MemoryStream();
        void Pair(ushort id, byte[] value)
        {
            Span<byte> head = stackalloc byte[4];
            BinaryPrimitives.WriteUInt16LittleEndian(head, id);
            BinaryPrimitives.WriteUInt16LittleEndian(head[2..], (ushort)value.Length);
            targetInfo.Write(head);
            targetInfo.Write(value);
        }
        Pair(2, targetName);                                       // MsvAvNbDomainName
        Pair(1, Encoding.Unicode.GetBytes("TESTSERVER"));          // MsvAvNbComputerName
        Pair(4, Encoding.Unicode.GetBytes("httpx.test"));          // MsvAvDnsDomainName
        Pair(3, Encoding.Unicode.GetBytes("server.httpx.test"));   // MsvAvDnsComputerName
        Pair(7, BitConverter.GetBytes(DateTime.UtcNow.ToFileTimeUtc())); // MsvAvTimestamp
        Pair(0, []);                                               // MsvAvEOL
        var info = targetInfo.ToArray();

        const int HeaderLength = 56;
        var message = new byte[HeaderLength + targetName.Length + info.Length];
        Signature.CopyTo(message, 0);
        BinaryPrimitives.WriteInt32LittleEndian(message.AsSpan(8), 2);
        WriteField(message, 12, targetName.Length, HeaderLength);
        BinaryPrimitives.WriteUInt32LittleEndian(message.AsSpan(20), flags);
        serverChallenge.CopyTo(message, 24);
        WriteField(message, 40, info.Length, HeaderLength + targetName.Length);
        message[48] = 10; message[49] = 0; BinaryPrimitives.WriteUInt16LittleEndian(message.AsSpan(50), 20348); message[55] = 15; // version
        targetName.CopyTo(message, HeaderLength);
        info.CopyTo(message, HeaderLength + targetName.Length);
        return message;
    }

    private static void WriteField(byte[] message, int at, int length, int offset)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(message.AsSpan(at), (ushort)length);
        BinaryPrimitives.WriteUInt16LittleEndian(message.AsSpan(at + 2), (ushort)length);
        BinaryPrimitives.WriteInt32LittleEndian(message.AsSpan(at + 4), offset);
    }

    private static ReadOnlySpan<byte> Field(byte[] message, int at)
    {
        var length = BinaryPrimitives.ReadUInt16LittleEndian(message.AsSpan(at));
        var offset = BinaryPrimitives.ReadInt32LittleEndian(message.AsSpan(at + 4));
        return offset < 0 || offset + length > message.Length ? [] : message.AsSpan(offset, length);
    }

    // AUTHENTICATE_MESSAGE: user (at 36), domain (28) and workstation (44) in UTF-16; the NTLMv2 response (20) is
    // NTProofStr = HMAC-MD5(NTOWFv2, server challenge + blob) followed by the blob, NTOWFv2 = HMAC-MD5(MD4(password),
    // UPPER(user) + domain).
    private static (string User, string Domain, string Workstation)? Verify(HttpContext context, byte[] message, byte[] serverChallenge)
    {
        if (message.Length < 64) return null;
        var user = Encoding.Unicode.GetString(Field(message, 36));
        var domain = Encoding.Unicode.GetString(Field(message, 28));
        var workstation = Encoding.Unicode.GetString(Field(message, 44));
        var expectedDomain = Responses.Route(context, "domain") ?? "";
        if (user != (Responses.Route(context, "user") ?? "") || !domain.Equals(expectedDomain, StringComparison.OrdinalIgnoreCase)) return null;

        var response = Field(message, 20);
        if (response.Length <= 16) return null;
        var passwordHash = Md4.HashData(Encoding.Unicode.GetBytes(Responses.Route(context, "passwd") ?? ""));
        var ntowf = HMACMD5.HashData(passwordHash, Encoding.Unicode.GetBytes(user.ToUpperInvariant() + domain));
        var proof = HMACMD5.HashData(ntowf, serverChallenge.Concat(response[16..].ToArray()).ToArray());
        return CryptographicOperations.FixedTimeEquals(proof, response[..16]) ? (user, domain, workstation) : null;
    }

    private static Task Unauthenticated(HttpContext context, string scheme, string? seen, byte[]? token)
    {
        context.Response.Headers.WWWAuthenticate = token is null ? scheme : scheme + " " + Convert.ToBase64String(token);
        return Responses.WriteJsonAsync(context, w =>
        {
            w.WriteStartObject();
            w.WriteBoolean("authenticated", false);
            if (seen is null) w.WriteNull("authorization");
            else w.WriteString("authorization", seen);
            w.WriteEndObject();
        }, StatusCodes.Status401Unauthorized);
    }
}
