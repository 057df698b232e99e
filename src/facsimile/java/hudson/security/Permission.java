package hudson.security;

public final class Permission {
    public Permission(PermissionGroup group, String name, Permission impliedBy) {
        throw new UnsupportedOperationException();
    }
}
