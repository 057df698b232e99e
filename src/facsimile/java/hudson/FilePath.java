package hudson;

import hudson.remoting.VirtualChannel;
import java.io.File;
import java.io.IOException;
import java.io.Serializable;
import org.jenkinsci.remoting.RoleSensitive;
import org.jenkinsci.remoting.SerializableOnlyOverRemoting;

public final class FilePath implements SerializableOnlyOverRemoting {
    public FilePath(VirtualChannel channel, String remote) { throw new UnsupportedOperationException(); }

    public FilePath(File localPath) { throw new UnsupportedOperationException(); }

    public FilePath(FilePath base, String rel) { throw new UnsupportedOperationException(); }

    public String getRemote() { throw new UnsupportedOperationException(); }

    public interface FileCallable<T> extends Serializable, RoleSensitive {
        T invoke(File f, VirtualChannel channel) throws IOException, InterruptedException;
    }

    public <T> T act(final FileCallable<T> callable) throws IOException, InterruptedException { throw new UnsupportedOperationException(); }

    public void mkdirs() throws IOException, InterruptedException { throw new UnsupportedOperationException(); }

    public void deleteRecursive() throws IOException, InterruptedException { throw new UnsupportedOperationException(); }

    public FilePath child(String relOrAbsolute) { throw new UnsupportedOperationException(); }

    public boolean exists() throws IOException, InterruptedException { throw new UnsupportedOperationException(); }
}
