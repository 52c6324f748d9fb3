namespace Httpx.Tests.Internal;

/// <summary>Floats as Python's repr() writes them (each expected text is what CPython 3.11 printed for the value).</summary>
public class PythonFloatTests
{
    [Theory]
    [InlineData(0.0, "0.0")]
    [InlineData(-0.0, "-0.0")]
    [InlineData(1.0, "1.0")]
    [InlineData(5.0, "5.0")]
    [InlineData(0.5, "0.5")]
    [InlineData(1.23, "1.23")]
    [InlineData(-2.5, "-2.5")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(0.00001, "1e-05")]
    [InlineData(1.5e-7, "1.5e-07")]
    [InlineData(123456789012.5, "123456789012.5")]
    [InlineData(1e15 + 0.5, "1000000000000000.5")]
    [InlineData(1e15, "1000000000000000.0")]
    [InlineData(9999999999999998.0, "9999999999999998.0")]
    [InlineData(1e16, "1e+16")]
    [InlineData(1.5e16, "1.5e+16")]
    [InlineData(1.2345678901234568e17, "1.2345678901234568e+17")]
    [InlineData(1e100, "1e+100")]
    [InlineData(double.NaN, "nan")]
    [InlineData(double.NegativeInfinity, "-inf")]
    public void Doubles(double value, string expected) => Assert.Equal(expected, Httpx.Internal.PythonFloat.Format(value));

    [Fact]
    public void A_single_keeps_its_own_shortest_digits() => Assert.Equal("0.1", Httpx.Internal.PythonFloat.Format(0.1f));
}
