namespace Httpx.Tests.Models;

/// <summary>HTTPX's codes (tests/test_status_codes.py): the codes by name, their phrases and the status classes.</summary>
public class StatusCodesTests
{
    [Fact]
    public void Codes_by_name_are_the_numbers_and_each_has_its_phrase()
    {
        Assert.Equal(200, (int)Codes.OK);
        Assert.Equal(404, (int)Codes.NotFound);
        Assert.Equal(418, (int)Codes.ImATeapot);
        Assert.Equal(425, (int)Codes.TooEarly);
        Assert.Equal(Codes.NotFound, Enum.Parse<Codes>("notfound", ignoreCase: true));
        Assert.Equal(62, Enum.GetValues<Codes>().Length);
        // Every named code has HTTPX's phrase, and every phrase a name: the two tables are one list.
        Assert.All(Enum.GetValues<Codes>(), code => Assert.NotEqual("", StatusCodes.ReasonPhrase((int)code)));
        Assert.All(Enumerable.Range(100, 500).Where(n => StatusCodes.ReasonPhrase(n) != ""), n => Assert.True(Enum.IsDefined((Codes)n), $"{n} has a phrase and no name"));
        Assert.Equal(226, (int)Codes.IMUsed); // as System.Net.HttpStatusCode.IMUsed
        Assert.Equal("I'm a teapot", StatusCodes.ReasonPhrase((int)Codes.ImATeapot));
        Assert.Equal("", StatusCodes.ReasonPhrase(499));
    }

    [Theory]
    [InlineData(101, "informational")]
    [InlineData(199, "informational")]
    [InlineData(204, "success")]
    [InlineData(299, "success")]
    [InlineData(300, "redirect")]
    [InlineData(304, "redirect")]
    [InlineData(399, "redirect")]
    [InlineData(404, "client")]
    [InlineData(499, "client")]
    [InlineData(503, "server")]
    [InlineData(599, "server")]
    [InlineData(600, "none")]
    public void Status_classes_take_any_number_and_agree_with_the_responses(int status, string kind)
    {
        Assert.Equal(kind == "informational", StatusCodes.IsInformational(status));
        Assert.Equal(kind == "success", StatusCodes.IsSuccess(status));
        Assert.Equal(kind == "redirect", StatusCodes.IsRedirect(status));
        Assert.Equal(kind == "client", StatusCodes.IsClientError(status));
        Assert.Equal(kind == "server", StatusCodes.IsServerError(status));
        Assert.Equal(kind is "client" or "server", StatusCodes.IsError(status));
        var response = new Response(status);
        Assert.Equal(StatusCodes.IsSuccess(status), response.IsSuccess);
        Assert.Equal(StatusCodes.IsError(status), response.IsError);
        Assert.Equal(StatusCodes.IsRedirect(status), response.IsRedirect);
    }
}
