using System.Text.Json;
using System.Text.Json.Serialization;
using Httpx.Internal;

namespace Httpx;

/// <summary>
/// Writes floats in JSON bodies as Python's json.dumps does (HTTPX serialises with it): 1.0 as "1.0", not "1";
/// 1e16 as "1e+16"; -0.0 as "-0.0". NaN and the infinities are refused, as with HTTPX's allow_nan=False.
/// </summary>
internal sealed class PythonFloatJsonConverter : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) => typeToConvert == typeof(double) || typeToConvert == typeof(float);

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        typeToConvert == typeof(double) ? new DoubleConverter() : new SingleConverter();

    private static void WriteFinite(Utf8JsonWriter writer, string text, bool finite)
    {
        if (!finite) throw new ArgumentException($"Out of range float values are not JSON compliant: {text}.");
        writer.WriteRawValue(text, skipInputValidation: true);
    }

    private sealed class DoubleConverter : JsonConverter<double>
    {
        public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetDouble();

        public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options) =>
            WriteFinite(writer, PythonFloat.Format(value), double.IsFinite(value));
    }

    private sealed class SingleConverter : JsonConverter<float>
    {
        public override float Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetSingle();

        public override void Write(Utf8JsonWriter writer, float value, JsonSerializerOptions options) =>
            WriteFinite(writer, PythonFloat.Format(value), float.IsFinite(value));
    }
}
