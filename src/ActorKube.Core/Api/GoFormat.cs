using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ActorKube.Core.Api;

/// <summary>
/// Go's formatting where Kubernetes messages embed it: <c>strconv.Quote</c> (the <c>%q</c> of field errors and
/// of Warning headers) and <c>%+v</c> of a decoded JSON value (<c>map[spec:map[replicas:3]]</c>).
/// </summary>
public static class GoFormat
{
    /// <summary>strconv.Quote: double quotes, backslash escapes, non-printable runes as \x, \u or \U.</summary>
    public static string Quote(string s)
    {
        var b = new StringBuilder(s.Length + 2).Append('"');
        foreach (var rune in s.EnumerateRunes())
        {
            switch (rune.Value)
            {
                case '"': b.Append("\\\""); break;
                case '\\': b.Append("\\\\"); break;
                case '\a': b.Append("\\a"); break;
                case '\b': b.Append("\\b"); break;
                case '\f': b.Append("\\f"); break;
                case '\n': b.Append("\\n"); break;
                case '\r': b.Append("\\r"); break;
                case '\t': b.Append("\\t"); break;
                case '\v': b.Append("\\v"); break;
                default:
                    if (IsPrint(rune))
                    {
                        b.Append(rune.ToString());
                    }
                    else if (rune.Value < 0x20 || rune.Value == 0x7f)
                    {
                        b.Append(CultureInfo.InvariantCulture, $"\\x{rune.Value:x2}");
                    }
                    else if (rune.Value < 0x10000)
                    {
                        b.Append(CultureInfo.InvariantCulture, $"\\u{rune.Value:x4}");
                    }
                    else
                    {
                        b.Append(CultureInfo.InvariantCulture, $"\\U{rune.Value:x8}");
                    }

                    break;
            }
        }

        return b.Append('"').ToString();
    }

    /// <summary>unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space.</summary>
    private static bool IsPrint(Rune r) => r.Value == ' ' || Rune.GetUnicodeCategory(r) switch
    {
        UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse or
        UnicodeCategory.OtherNotAssigned or UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator => false,
        _ => true,
    };

    /// <summary>
    /// <c>fmt.Sprintf("%+v", v)</c> of a JSON value decoded into <c>interface{}</c> with integers kept as int64:
    /// maps as <c>map[k:v ...]</c> with sorted keys, lists as <c>[a b]</c>, strings bare, null as <c>&lt;nil&gt;</c>.
    /// </summary>
    public static string Value(JsonNode? node)
    {
        var b = new StringBuilder();
        Append(b, node);
        return b.ToString();
    }

    private static void Append(StringBuilder b, JsonNode? node)
    {
        switch (node)
        {
            case null:
                b.Append("<nil>");
                break;
            case JsonObject o:
                b.Append("map[");
                var first = true;
                foreach (var (key, value) in o.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                {
                    if (!first)
                    {
                        b.Append(' ');
                    }

                    first = false;
                    b.Append(key).Append(':');
                    Append(b, value);
                }

                b.Append(']');
                break;
            case JsonArray a:
                b.Append('[');
                for (var i = 0; i < a.Count; i++)
                {
                    if (i > 0)
                    {
                        b.Append(' ');
                    }

                    Append(b, a[i]);
                }

                b.Append(']');
                break;
            case JsonValue v:
                var e = v.GetValue<JsonElement>();
                switch (e.ValueKind)
                {
                    case JsonValueKind.String:
                        b.Append(e.GetString());
                        break;
                    case JsonValueKind.True:
                        b.Append("true");
                        break;
                    case JsonValueKind.False:
                        b.Append("false");
                        break;
                    case JsonValueKind.Number when e.TryGetInt64(out var l):
                        b.Append(l.ToString(CultureInfo.InvariantCulture));
                        break;
                    case JsonValueKind.Number:
                        b.Append(Float(e.GetDouble()));
                        break;
                    default:
                        b.Append("<nil>");
                        break;
                }

                break;
        }
    }

    /// <summary>%v of a float64 (strconv %g, shortest): exponent form when the decimal exponent is below -4 or at least 6.</summary>
    public static string Float(double d)
    {
        if (double.IsNaN(d))
        {
            return "NaN";
        }

        if (double.IsInfinity(d))
        {
            return d > 0 ? "+Inf" : "-Inf";
        }

        // Shortest round-trip digits and the decimal exponent, from the round-trip form ("1.5E-05", "123.25").
        var r = Math.Abs(d).ToString("R", CultureInfo.InvariantCulture);
        var mantissa = r;
        var exp10 = 0;
        var ePos = r.IndexOfAny(['E', 'e']);
        if (ePos >= 0)
        {
            mantissa = r[..ePos];
            exp10 = int.Parse(r[(ePos + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        }

        var dot = mantissa.IndexOf('.', StringComparison.Ordinal);
        var intPart = dot < 0 ? mantissa : mantissa[..dot];
        var digits = (intPart + (dot < 0 ? "" : mantissa[(dot + 1)..])).TrimStart('0');
        var pointPos = intPart.TrimStart('0').Length + exp10;
        if (digits.Length == 0)
        {
            return d < 0 || (d == 0 && double.IsNegative(d)) ? "-0" : "0";
        }

        if (intPart.TrimStart('0').Length == 0)
        {
            // 0.00123: leading zeros after the point move the point left.
            var frac = dot < 0 ? "" : mantissa[(dot + 1)..];
            pointPos = exp10 - (frac.Length - frac.TrimStart('0').Length);
        }

        digits = digits.TrimEnd('0');
        var exp = pointPos - 1;
        var sign = d < 0 ? "-" : "";
        if (exp < -4 || exp >= 6)
        {
            var m = digits.Length == 1 ? digits : $"{digits[0]}.{digits[1..]}";
            return $"{sign}{m}e{(exp < 0 ? "-" : "+")}{Math.Abs(exp):00}";
        }

        if (pointPos <= 0)
        {
            return $"{sign}0.{new string('0', -pointPos)}{digits}";
        }

        return pointPos >= digits.Length
            ? $"{sign}{digits}{new string('0', pointPos - digits.Length)}"
            : $"{sign}{digits[..pointPos]}.{digits[pointPos..]}";
    }
}
