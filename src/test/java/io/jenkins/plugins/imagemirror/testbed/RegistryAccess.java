package io.jenkins.plugins.imagemirror.testbed;

/**
 * How a client reaches one of the bed's registries: over TLS trusting the bed's CA or over plain HTTP, and with which
 * account. TLS and TOKEN have accounts; PLAIN and the nginx proxies in front of it have none.
 */
record RegistryAccess(boolean tls, String user, String password) {

    /** {@code host} is host:port, as in a reference; anything not TLS or TOKEN is treated as plain HTTP. */
    static RegistryAccess of(Testbed bed, String host) {
        if (host.equals(bed.tls())) return new RegistryAccess(true, bed.tlsUser(), bed.tlsPass());
        if (host.equals(bed.token())) return new RegistryAccess(true, bed.tokenUser(), bed.tokenPass());
        return new RegistryAccess(false, null, null);
    }

    /** host:port of a reference such as {@code 127.0.0.1:5000/team/app:1.0} (the part before the first '/'). */
    static String host(String ref) {
        int slash = ref.indexOf('/');
        if (slash < 0) throw new IllegalArgumentException("reference without a registry host: " + ref);
        return ref.substring(0, slash);
    }

    boolean hasAccount() {
        return user != null;
    }

    /** user:password, for --user/--creds; pass {@link #password()} to {@link Command#secret} alongside. */
    String credentials() {
        return user + ":" + password;
    }

    /** Never the password. */
    @Override
    public String toString() {
        return "RegistryAccess[tls=" + tls + ", user=" + user + "]";
    }
}
