package io.jenkins.plugins.imagemirror.core.registry;

/** {@code HTTP 429 Too Many Requests}: java.net.http does not expose the reason phrase, so we name the usual ones. */
final class HttpStatus {
    private HttpStatus() {}

    static String describe(int status) {
        String reason = switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 408 -> "Request Timeout";
            case 409 -> "Conflict";
            case 413 -> "Payload Too Large";
            case 416 -> "Range Not Satisfiable";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "";
        };
        return "HTTP " + status + (reason.isEmpty() ? "" : " " + reason);
    }

    /** Worth another attempt: the registry or a proxy is overloaded or restarting. */
    static boolean isRetriable(int status) {
        return status == 429 || status == 408 || (status >= 500 && status != 501 && status != 505);
    }
}
