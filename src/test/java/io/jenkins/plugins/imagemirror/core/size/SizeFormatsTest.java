package io.jenkins.plugins.imagemirror.core.size;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Expected strings come from an independent implementation of the same go-units algorithms with C-style %g and %.1f
 * formatting (which round and strip exactly as Go does), over boundary values: unit steps, ties, 999.5 → 1e+03.
 */
class SizeFormatsTest {
    @ParameterizedTest(name = "{0} bytes: ctr {1}, docker {2}, podman {3}")
    @CsvSource(
            delimiterString = ", ",
            value = {
                "0, 0.0 B, 0B, 0 B",
                "1, 1.0 B, 1B, 1 B",
                "5, 5.0 B, 5B, 5 B",
                "9, 9.0 B, 9B, 9 B",
                "10, 10.0 B, 10B, 10 B",
                "99, 99.0 B, 99B, 99 B",
                "100, 100.0 B, 100B, 100 B",
                "512, 512.0 B, 512B, 512 B",
                "999, 999.0 B, 999B, 999 B",
                "1000, 1000.0 B, 1kB, 1 kB",
                "1001, 1001.0 B, 1kB, 1 kB",
                "1023, 1023.0 B, 1.02kB, 1.02 kB",
                "1024, 1.0 KiB, 1.02kB, 1.02 kB",
                "1025, 1.0 KiB, 1.02kB, 1.02 kB",
                "1048, 1.0 KiB, 1.05kB, 1.05 kB",
                "1049, 1.0 KiB, 1.05kB, 1.05 kB",
                "1075, 1.0 KiB, 1.07kB, 1.07 kB",
                "1076, 1.1 KiB, 1.08kB, 1.08 kB",
                "1126, 1.1 KiB, 1.13kB, 1.13 kB",
                "1127, 1.1 KiB, 1.13kB, 1.13 kB",
                "1280, 1.2 KiB, 1.28kB, 1.28 kB",
                "1331, 1.3 KiB, 1.33kB, 1.33 kB",
                "1536, 1.5 KiB, 1.54kB, 1.54 kB",
                "2047, 2.0 KiB, 2.05kB, 2.05 kB",
                "2048, 2.0 KiB, 2.05kB, 2.05 kB",
                "9994, 9.8 KiB, 9.99kB, 9.99 kB",
                "9995, 9.8 KiB, 9.99kB, 9.99 kB",
                "9996, 9.8 KiB, 10kB, 10 kB",
                "10000, 9.8 KiB, 10kB, 10 kB",
                "12345, 12.1 KiB, 12.3kB, 12.3 kB",
                "99949, 97.6 KiB, 99.9kB, 99.9 kB",
                "99950, 97.6 KiB, 100kB, 100 kB",
                "99951, 97.6 KiB, 100kB, 100 kB",
                "100000, 97.7 KiB, 100kB, 100 kB",
                "123456, 120.6 KiB, 123kB, 123 kB",
                "999499, 976.1 KiB, 999kB, 999 kB",
                "999500, 976.1 KiB, 1e+03kB, 1e+03 kB",
                "999501, 976.1 KiB, 1e+03kB, 1e+03 kB",
                "999949, 976.5 KiB, 1e+03kB, 1e+03 kB",
                "999950, 976.5 KiB, 1e+03kB, 1e+03 kB",
                "999999, 976.6 KiB, 1e+03kB, 1e+03 kB",
                "1000000, 976.6 KiB, 1MB, 1 MB",
                "1048575, 1024.0 KiB, 1.05MB, 1.05 MB",
                "1048576, 1.0 MiB, 1.05MB, 1.05 MB",
                "1048577, 1.0 MiB, 1.05MB, 1.05 MB",
                "1572864, 1.5 MiB, 1.57MB, 1.57 MB",
                "3225000, 3.1 MiB, 3.23MB, 3.23 MB",
                "3230000, 3.1 MiB, 3.23MB, 3.23 MB",
                "3235000, 3.1 MiB, 3.23MB, 3.23 MB",
                "3234999, 3.1 MiB, 3.23MB, 3.23 MB",
                "119428383, 113.9 MiB, 119MB, 119 MB",
                "123456789, 117.7 MiB, 123MB, 123 MB",
                "253000000, 241.3 MiB, 253MB, 253 MB",
                "253499999, 241.8 MiB, 253MB, 253 MB",
                "253500000, 241.8 MiB, 254MB, 254 MB",
                "260999999, 248.9 MiB, 261MB, 261 MB",
                "261000000, 248.9 MiB, 261MB, 261 MB",
                "519999999, 495.9 MiB, 520MB, 520 MB",
                "999499999, 953.2 MiB, 999MB, 999 MB",
                "999500000, 953.2 MiB, 1e+03MB, 1e+03 MB",
                "1000000000, 953.7 MiB, 1GB, 1 GB",
                "1073741823, 1024.0 MiB, 1.07GB, 1.07 GB",
                "1073741824, 1.0 GiB, 1.07GB, 1.07 GB",
                "1099511627776, 1.0 TiB, 1.1TB, 1.1 TB",
                "999999999999, 931.3 GiB, 1e+03GB, 1e+03 GB",
                "1000000000000, 931.3 GiB, 1TB, 1 TB",
                "9223372036854775807, 8.0 EiB, 9.22EB, 9.22 EB",
            })
    void formatsLikeTheTools(long bytes, String ctr, String docker, String podman) {
        assertThat(SizeFormats.ctr(bytes)).isEqualTo(ctr);
        assertThat(SizeFormats.docker(bytes)).isEqualTo(docker);
        assertThat(SizeFormats.crictl(bytes)).isEqualTo(docker);
        assertThat(SizeFormats.podman(bytes)).isEqualTo(podman);
    }

    @ParameterizedTest
    @CsvSource({
        "0.00012345, 4, 0.0001234",
        "0.000012345, 3, 1.23e-05",
        "123456, 3, 1.23e+05",
        "1.5, 1, 2",
        "2.5, 1, 2",
        "100, 3, 100",
        "0.5, 0, 0.5"
    })
    void goPercentG(double value, int precision, String expected) {
        assertThat(SizeFormats.goFormatG(value, precision)).isEqualTo(expected);
    }
}
