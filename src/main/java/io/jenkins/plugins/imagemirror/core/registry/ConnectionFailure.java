package io.jenkins.plugins.imagemirror.core.registry;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.util.Locale;
import javax.net.ssl.SSLException;

/** Turns the JDK's transport exceptions into what happened and what to do, for a message about one host. */
final class ConnectionFailure {
    private ConnectionFailure() {}

    /** A TLS failure is permanent (retrying cannot fix trust); connection drops and timeouts are not. */
    static boolean isTls(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SSLException
                    || t instanceof CertificateException
                    || t instanceof CertPathValidatorException
                    || String.valueOf(t.getMessage()).startsWith("Wrong HTTPS hostname")) { // HttpURLConnection's
                return true;
            }
        }
        return false;
    }

    static String describe(Throwable e, String host) {
        if (isTls(e)) {
            String all = messages(e);
            if (all.contains("PKIX")
                    || all.contains("certification path")
                    || all.contains("CertPath")
                    || all.contains("self signed")
                    || all.contains("self-signed")) {
                return "TLS certificate of " + host + " is not trusted: pass --ca-cert " + host
                        + "=ca.pem (CLI), or set the registry's CA certificate (Jenkins: Manage Jenkins > System > Image Mirror)";
            }
            if (all.contains("subject alternative")
                    || all.contains("No name matching")
                    || all.contains("Wrong HTTPS hostname")) {
                return "TLS certificate of " + host + " is not issued for " + host
                        + " (check the host name, or the certificate's subjectAltName)";
            }
            if (all.contains("plaintext") || all.contains("Unsupported or unrecognized SSL message")) {
                return host + " does not speak TLS: if it is a plain-HTTP registry, allow it explicitly"
                        + " (CLI: --plain-http " + host + "; Jenkins: the registry's plain-HTTP option)";
            }
            return "TLS handshake with " + host + " failed (" + first(e) + ")";
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof HttpConnectTimeoutException
                    || t instanceof SocketTimeoutException
                            && String.valueOf(t.getMessage())
                                    .toLowerCase(Locale.ROOT)
                                    .contains("connect")) {
                return "connecting to " + host + " timed out";
            }
            if (t instanceof HttpTimeoutException
                    && t.getMessage() != null
                    && t.getMessage().startsWith(RegistryTransport.UPLOAD_STALLED)) {
                return "timed out: " + t.getMessage();
            }
            if (t instanceof HttpTimeoutException || t instanceof SocketTimeoutException) {
                return "timed out: no response from " + host + " within the read timeout (uploads get more"
                        + " time per MiB); the registry stalls, or raise the read timeout if it is merely slow";
            }
            if (t instanceof ConnectException) {
                return "cannot connect to " + host + " (connection refused: is the registry running?)";
            }
            if (t instanceof UnknownHostException || t instanceof UnresolvedAddressException) {
                return "unknown host " + host;
            }
        }
        String all = messages(e);
        if (all.contains("header parser received no bytes")
                || all.contains("Unexpected end of file from server")
                || all.contains("SocketException: Broken pipe")
                || all.contains("SocketException: Connection reset")) {
            // the JDK's words (java.net.http; HttpURLConnection, also while it sends a blob) for a peer that
            // accepted the request and hung up without a status line
            return host + " closed the connection without answering (the registry, or a proxy in front of it,"
                    + " went away or restarted mid-request)";
        }
        return "connection to " + host + " failed (" + first(e) + ")";
    }

    private static String messages(Throwable e) {
        StringBuilder b = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            b.append(t.getClass().getSimpleName())
                    .append(": ")
                    .append(t.getMessage())
                    .append(" | ");
        }
        return b.toString();
    }

    private static String first(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return t.getClass().getSimpleName() + ": " + t.getMessage();
            }
        }
        return e.getClass().getSimpleName();
    }
}
