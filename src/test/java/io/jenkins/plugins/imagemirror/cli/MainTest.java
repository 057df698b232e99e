package io.jenkins.plugins.imagemirror.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

class MainTest {
    @Test
    void beforeExitTheHttpClientsSelectorThreadsEnd() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        try {
            HttpClient client = HttpClient.newHttpClient();
            int status = client.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                                            + server.getAddress().getPort() + "/v2/"))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
            assertThat(status).isEqualTo(200);
            assertThat(selectorThreads()).isNotEmpty();

            Main.stopHttpSelectors();

            assertThat(selectorThreads()).isEmpty();
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aRunBuildsTheModelOfTheVerbItNamesAloneAndHelpListsThemAll() {
        assertThat(Main.commandLine(new String[] {"copy", "--plain-http=h", "docker://a/b:1", "oci:x"})
                        .getSubcommands()
                        .keySet())
                .containsExactly("copy");
        assertThat(Main.commandLine(new String[] {"-q", "sizes", "oci:x"})
                        .getSubcommands()
                        .keySet())
                .containsExactly("sizes");
        for (String[] none : new String[][] {{}, {"--help"}, {"--version"}, {"copyy", "a"}, {"@args.txt"}}) {
            assertThat(Main.commandLine(none).getSubcommands().keySet())
                    .as("%s", List.of(none))
                    .containsExactly("copy", "build", "sizes");
        }
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        assertThat(Main.run(new String[] {"--help"}, new java.io.PrintWriter(out), new java.io.PrintWriter(err)))
                .isZero();
        assertThat(out.toString()).contains("  copy ", "  build ", "  sizes ");
        assertThat(Main.run(new String[] {"copyy"}, new java.io.PrintWriter(out), new java.io.PrintWriter(err)))
                .as("a typo is a usage error that suggests the verb")
                .isEqualTo(Main.USAGE);
        assertThat(err.toString()).contains("copy");
    }

    private static List<String> selectorThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(n -> n.matches("HttpClient-\\d+-SelectorManager"))
                .toList();
    }
}
