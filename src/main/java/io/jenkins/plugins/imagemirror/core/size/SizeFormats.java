package io.jenkins.plugins.imagemirror.core.size;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Byte counts printed exactly as each tool prints them. All reproduce Go's formatting: the value is divided
 * repeatedly in float64 (as go-units does), then rounded from its exact binary value with ties to even (as Go's
 * strconv does; Java's {@code String.format} rounds ties up and differs, e.g. 1280 B is {@code 1.2 KiB} in ctr).
 */
public final class SizeFormats {
    private static final String[] BINARY = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"};
    private static final String[] DECIMAL = {"B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"};

    private SizeFormats() {}

    /** {@code ctr images ls}: containerd's progress.Bytes, go-units CustomSize("%02.1f %s", 1024), e.g. {@code 113.9 MiB}. */
    public static String ctr(long bytes) {
        double size = bytes;
        int unit = 0;
        while (size >= 1024.0 && unit < BINARY.length - 1) {
            size /= 1024.0;
            unit++;
        }
        String number = new BigDecimal(size).setScale(1, RoundingMode.HALF_EVEN).toPlainString();
        return (number.length() < 2 ? "0" + number : number) + " " + BINARY[unit];
    }

    /** {@code crictl images}: go-units HumanSizeWithPrecision(size, 3), e.g. {@code 3.23MB}. */
    public static String crictl(long bytes) {
        return humanSizeWithPrecision(bytes, 3);
    }

    /** {@code docker image ls}: go-units HumanSizeWithPrecision(size, 3), e.g. {@code 253MB}. */
    public static String docker(long bytes) {
        return humanSizeWithPrecision(bytes, 3);
    }

    /** {@code podman images}: HumanSizeWithPrecision(size, 3) with a space before the unit, e.g. {@code 261 MB}. */
    public static String podman(long bytes) {
        String s = humanSizeWithPrecision(bytes, 3);
        int lastDigit = s.length() - 1;
        while (lastDigit >= 0 && !Character.isDigit(s.charAt(lastDigit))) {
            lastDigit--;
        }
        return s.substring(0, lastDigit + 1) + " " + s.substring(lastDigit + 1);
    }

    /** go-units HumanSizeWithPrecision: 1000-based units, Go's {@code %.*g}, unit glued to the number. */
    public static String humanSizeWithPrecision(double bytes, int precision) {
        double size = bytes;
        int unit = 0;
        while (size >= 1000.0 && unit < DECIMAL.length - 1) {
            size /= 1000.0;
            unit++;
        }
        return goFormatG(size, precision) + DECIMAL[unit];
    }

    /**
     * Go's {@code fmt.Sprintf("%.*g", precision, value)} for finite non-negative values: {@code precision}
     * significant digits, trailing zeros dropped, exponent form when the exponent is < -4 or >= precision
     * (so 999.96 kB prints as {@code 1e+03kB}, exactly as docker does).
     */
    static String goFormatG(double value, int precision) {
        if (value == 0) {
            return "0";
        }
        int p = Math.max(precision, 1);
        BigDecimal rounded = new BigDecimal(value).round(new MathContext(p, RoundingMode.HALF_EVEN));
        int exponent = rounded.precision() - rounded.scale() - 1;
        BigDecimal stripped = rounded.stripTrailingZeros();
        if (exponent < -4 || exponent >= p) {
            String digits = stripped.unscaledValue().abs().toString();
            StringBuilder out = new StringBuilder(value < 0 ? "-" : "");
            out.append(digits.charAt(0));
            if (digits.length() > 1) {
                out.append('.').append(digits, 1, digits.length());
            }
            out.append('e').append(exponent < 0 ? '-' : '+');
            int e = Math.abs(exponent);
            out.append(e < 10 ? "0" : "").append(e);
            return out.toString();
        }
        return stripped.toPlainString();
    }
}
