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
    private static final double[] POWERS_OF_TEN = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18
    };
    private static final long[] POWERS_OF_TEN_LONG = {
        1L,
        10L,
        100L,
        1_000L,
        10_000L,
        100_000L,
        1_000_000L,
        10_000_000L,
        100_000_000L,
        1_000_000_000L,
        10_000_000_000L,
        100_000_000_000L,
        1_000_000_000_000L,
        10_000_000_000_000L,
        100_000_000_000_000L,
        1_000_000_000_000_000L,
        10_000_000_000_000_000L,
        100_000_000_000_000_000L,
        1_000_000_000_000_000_000L
    };

    private SizeFormats() {}

    /** {@code ctr images ls}: containerd's progress.Bytes, go-units CustomSize("%02.1f %s", 1024), e.g. {@code 113.9 MiB}. */
    public static String ctr(long bytes) {
        double size = bytes;
        int unit = 0;
        while (size >= 1024.0 && unit < BINARY.length - 1) {
            size /= 1024.0;
            unit++;
        }
        long tenths = size < 1e15 ? scaledHalfEven(size, 1) : -1;
        String number = tenths >= 0
                ? tenths / 10 + "." + tenths % 10
                : new BigDecimal(size).setScale(1, RoundingMode.HALF_EVEN).toPlainString();
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
        return value >= 1 && p <= 17 && value < POWERS_OF_TEN[p] ? goFormatGOfSize(value, p) : goFormatGExact(value, p);
    }

    /** {@link #goFormatG} for any finite non-negative value, through BigDecimal. */
    static String goFormatGExact(double value, int p) {
        if (value == 0) {
            return "0";
        }
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

    /**
     * {@link #goFormatG} for {@code 1 <= value < 10^p}, what go-units passes (a size divided below its unit's
     * 1000), in long arithmetic on the value's exact binary form: the same digits as the general path through
     * BigDecimal, whose first use costs a cold JVM (its static set-up, and BigInteger arithmetic run interpreted;
     * 55-90 ms on JDK 25) in every report.
     */
    private static String goFormatGOfSize(double value, int p) {
        int exponent = 0; // floor(log10(value)): powers of ten up to 10^22 are exact doubles
        while (exponent + 1 < p && value >= POWERS_OF_TEN[exponent + 1]) {
            exponent++;
        }
        long digits = scaledHalfEven(value, p - 1 - exponent); // p significant digits
        if (digits == POWERS_OF_TEN_LONG[p]) { // rounded up to the next power of ten: 999.5 -> 1000
            digits /= 10;
            exponent++;
        }
        String text = Long.toString(digits);
        int end = text.length();
        while (end > 1 && text.charAt(end - 1) == '0') {
            end--;
        }
        if (exponent >= p) {
            StringBuilder out = new StringBuilder().append(text.charAt(0));
            if (end > 1) {
                out.append('.').append(text, 1, end);
            }
            return out.append("e+")
                    .append(exponent < 10 ? "0" : "")
                    .append(exponent)
                    .toString();
        }
        String whole = text.substring(0, exponent + 1);
        return end > exponent + 1 ? whole + "." + text.substring(exponent + 1, end) : whole;
    }

    /**
     * {@code value * 10^k} rounded half to even from the value's exact binary form (as Go's strconv rounds), for
     * {@code 0 <= value} and {@code 0 <= k <= 18}; -1 when the result does not fit a long.
     */
    static long scaledHalfEven(double value, int k) {
        long bits = Double.doubleToRawLongBits(value);
        int biased = (int) ((bits >>> 52) & 0x7ff);
        long mantissa = bits & 0xfffffffffffffL;
        if (biased == 0) {
            biased = 1; // subnormal
        } else {
            mantissa |= 1L << 52;
        }
        int shift = 1075 - biased; // value = mantissa / 2^shift
        long ten = POWERS_OF_TEN_LONG[k];
        long hi = Math.multiplyHigh(mantissa, ten); // mantissa * 10^k < 2^113: hi:lo holds it exactly
        long lo = mantissa * ten;
        if (shift <= 0) { // an integer: exact, no rounding
            int left = -shift;
            return hi == 0 && left < 63 && lo >= 0 && (lo >>> (63 - left)) == 0 ? lo << left : -1;
        }
        if (shift >= 128) {
            return 0; // below 2^113 / 2^128: less than a half
        }
        long quotient;
        int versusHalf; // the remainder (the low `shift` bits) against half of 2^shift
        if (shift < 64) {
            if ((hi >>> (shift - 1)) != 0) {
                return -1;
            }
            quotient = (hi << (64 - shift)) | (lo >>> shift);
            versusHalf = Long.compareUnsigned(lo & ((1L << shift) - 1), 1L << (shift - 1));
        } else if (shift == 64) {
            if (hi < 0) {
                return -1;
            }
            quotient = hi;
            versusHalf = Long.compareUnsigned(lo, Long.MIN_VALUE);
        } else {
            quotient = hi >>> (shift - 64);
            long remainderHigh = hi & ((1L << (shift - 64)) - 1);
            long halfHigh = 1L << (shift - 65);
            versusHalf = remainderHigh != halfHigh
                    ? Long.compareUnsigned(remainderHigh, halfHigh)
                    : Long.compare(lo == 0 ? 0 : 1, 0);
        }
        if (versusHalf > 0 || (versusHalf == 0 && (quotient & 1) == 1)) {
            quotient++;
        }
        return quotient;
    }
}
