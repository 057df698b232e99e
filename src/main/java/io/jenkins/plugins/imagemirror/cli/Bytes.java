package io.jenkins.plugins.imagemirror.cli;

import java.util.Locale;

/** Human byte counts for progress lines (1024-based); reports print exact bytes and each tool's own format. */
final class Bytes {
    private Bytes() {}

    static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
