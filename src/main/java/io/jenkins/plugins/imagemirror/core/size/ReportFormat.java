package io.jenkins.plugins.imagemirror.core.size;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * {@code String.format(Locale.ROOT, pattern, args)} for the conversions the size report and the build log use,
 * with the same output, without {@code java.util.Formatter}: a Formatter for {@code Locale.ROOT} looks up the
 * locale's decimal symbols on creation, which loads the JDK's locale providers and CLDR data (about 60 classes) in
 * the first step of every agent JVM.
 *
 * <p>Conversions: {@code %s}, {@code %d}, {@code %f} with the flags {@code -} (left-justify, with a width) and
 * {@code ,} (grouping, {@code d} only), a width, a precision ({@code f} only, default 6); {@code %n} and
 * {@code %%}. {@code %f} takes a Double or Float, rounded half up from its shortest decimal form (as Formatter
 * does); {@code %d} a Long, Integer, Short or Byte. Anything else is an IllegalArgumentException.
 */
public final class ReportFormat {
    private ReportFormat() {}

    public static String format(String pattern, Object... args) {
        StringBuilder out = new StringBuilder(pattern.length() + 16 * args.length);
        int next = 0;
        int i = 0;
        while (i < pattern.length()) {
            char c = pattern.charAt(i++);
            if (c != '%') {
                out.append(c);
                continue;
            }
            boolean left = false, grouped = false;
            int width = -1, precision = -1;
            for (; i < pattern.length(); i++) {
                char flag = pattern.charAt(i);
                if (flag == '-') {
                    left = true;
                } else if (flag == ',') {
                    grouped = true;
                } else {
                    break;
                }
            }
            int start = i;
            while (i < pattern.length() && Character.isDigit(pattern.charAt(i))) {
                i++;
            }
            if (i > start) {
                if (pattern.charAt(start) == '0') {
                    throw unsupported(pattern); // the zero-padding flag
                }
                width = Integer.parseInt(pattern.substring(start, i));
            }
            if (i < pattern.length() && pattern.charAt(i) == '.') {
                start = ++i;
                while (i < pattern.length() && Character.isDigit(pattern.charAt(i))) {
                    i++;
                }
                precision = Integer.parseInt(pattern.substring(start, i));
            }
            if (i >= pattern.length()) {
                throw unsupported(pattern);
            }
            char conversion = pattern.charAt(i++);
            if ((left && width < 0) || (grouped && conversion != 'd') || (precision >= 0 && conversion != 'f')) {
                throw unsupported(pattern);
            }
            String text;
            switch (conversion) {
                case 'n' -> text = System.lineSeparator();
                case '%' -> text = "%";
                case 's' -> text = String.valueOf(argument(pattern, args, next++));
                case 'd' -> text = integer(pattern, argument(pattern, args, next++), grouped);
                case 'f' -> text = fixed(pattern, argument(pattern, args, next++), precision < 0 ? 6 : precision);
                default -> throw unsupported(pattern);
            }
            if ((conversion == 'n' || conversion == '%') && width >= 0) {
                throw unsupported(pattern);
            }
            pad(out, text, width, left);
        }
        return out.toString();
    }

    private static Object argument(String pattern, Object[] args, int index) {
        if (index >= args.length) {
            throw new IllegalArgumentException("format '" + pattern + "': argument " + (index + 1) + " is missing");
        }
        return args[index];
    }

    private static String integer(String pattern, Object arg, boolean grouped) {
        if (!(arg instanceof Long || arg instanceof Integer || arg instanceof Short || arg instanceof Byte)) {
            throw new IllegalArgumentException("format '" + pattern + "': %d needs an integer, got " + arg);
        }
        String digits = Long.toString(((Number) arg).longValue());
        if (!grouped) {
            return digits;
        }
        int sign = digits.startsWith("-") ? 1 : 0;
        StringBuilder s = new StringBuilder(digits.length() + digits.length() / 3);
        s.append(digits, 0, sign);
        for (int k = sign; k < digits.length(); k++) {
            if (k > sign && (digits.length() - k) % 3 == 0) {
                s.append(',');
            }
            s.append(digits.charAt(k));
        }
        return s.toString();
    }

    private static String fixed(String pattern, Object arg, int precision) {
        if (!(arg instanceof Double || arg instanceof Float)) {
            throw new IllegalArgumentException("format '" + pattern + "': %f needs a double, got " + arg);
        }
        double value = ((Number) arg).doubleValue();
        if (Double.isNaN(value)) {
            return "NaN";
        }
        boolean negative = Double.compare(value, 0.0) < 0; // -0.0 prints as -0.0, as in Formatter
        double magnitude = Math.abs(value);
        String digits = Double.isInfinite(magnitude)
                ? "Infinity"
                : new BigDecimal(Double.toString(magnitude))
                        .setScale(precision, RoundingMode.HALF_UP)
                        .toPlainString();
        return negative ? "-" + digits : digits;
    }

    private static void pad(StringBuilder out, String text, int width, boolean left) {
        int fill = Math.max(width - text.length(), 0);
        if (left) {
            out.append(text);
        }
        for (int k = 0; k < fill; k++) {
            out.append(' ');
        }
        if (!left) {
            out.append(text);
        }
    }

    private static IllegalArgumentException unsupported(String pattern) {
        return new IllegalArgumentException("format '" + pattern + "': a conversion ReportFormat does not support");
    }
}
