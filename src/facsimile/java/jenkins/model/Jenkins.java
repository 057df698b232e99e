package jenkins.model;

import hudson.ProxyConfiguration;
import hudson.model.AbstractCIBase;
import hudson.security.AccessControlled;
import hudson.security.Permission;
import jakarta.servlet.ServletContext;
import java.io.File;
import java.io.IOException;
import org.jvnet.hudson.reactor.ReactorException;

public class Jenkins extends AbstractCIBase implements AccessControlled {
    protected Jenkins(File root, ServletContext context) throws IOException, InterruptedException, ReactorException {
        throw new UnsupportedOperationException();
    }

    public static Jenkins get() throws IllegalStateException {
        throw new UnsupportedOperationException();
    }

    public static Jenkins getInstanceOrNull() {
        throw new UnsupportedOperationException();
    }

    public boolean isTerminating() {
        throw new UnsupportedOperationException();
    }

    @Override
    public String getDisplayName() {
        throw new UnsupportedOperationException();
    }

    public static final Permission ADMINISTER = null;

    public transient volatile ProxyConfiguration proxy;
}
