import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Build step of the CLI jar (pom.xml, execution {@code cli-raise-class-files}; run as a single source file, JEP 330,
 * with ASM on the class path): unpacks a library jar into a directory and rewrites each class file older than Java 8
 * (major version 52) to version 52 with stack map frames computed by ASM. The bytecode is not changed otherwise.
 *
 * <p>Why: picocli's jar is Java 5 bytecode (major 49). The JVM's class data sharing, AppCDS on JDK 17 and the AOT
 * cache of JDK 24+ (JEP 483), does not archive classes older than major 50, so the launcher's cache left picocli's
 * 170 classes to be read from the jar, verified by the old verifier and linked on every run: measured, 0.2 s of the
 * launcher's 0.3 s floor (docs/benchmarks.md, "Cold path changes"). As version 52 classes they come from the cache.
 *
 * <p>Contract: {@code RaiseClassFileVersion JAR DIRECTORY}. Every entry of JAR but its manifest, signatures and
 * {@code module-info} is written under DIRECTORY; class files of major version 52 or newer byte for byte. When a class
 * was rewritten, {@code META-INF/raised-class-files/JAR-NAME.txt} says so (Apache License 2.0, 4(b): modified files
 * carry a notice that they were changed). Fails (exit
 * status 1, one line) on a class it cannot rewrite faithfully: one with {@code jsr}/{@code ret} subroutines, which
 * version 50+ forbids, or one whose frames need a type that neither JAR nor the JDK defines.
 */
public final class RaiseClassFileVersion {
    private static final int TARGET = Opcodes.V1_8;

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: RaiseClassFileVersion JAR DIRECTORY");
            System.exit(2);
        }
        Path jar = Path.of(args[0]);
        Path out = Path.of(args[1]);
        int raised = 0;
        try (URLClassLoader types =
                        new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
                ZipInputStream in = new ZipInputStream(Files.newInputStream(jar))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                String name = entry.getName();
                if (entry.isDirectory() || skipped(name)) {
                    continue;
                }
                byte[] bytes = in.readAllBytes();
                if (name.endsWith(".class") && major(bytes) < TARGET) {
                    bytes = raise(bytes, name, types);
                    raised++;
                }
                Path target = out.resolve(name).normalize();
                if (!target.startsWith(out)) {
                    throw new IOException("entry " + name + " of " + jar + " leaves " + out);
                }
                Files.createDirectories(target.getParent());
                Files.write(target, bytes);
            }
        } catch (IllegalStateException | UncheckedIOException | TypeNotPresentException e) {
            System.err.println("Raising the class files of " + jar + " failed: " + e.getMessage()
                    + " (use a release of the library built for Java 8 or later, or drop this step)");
            System.exit(1);
        }
        if (raised > 0) {
            Path notice = out.resolve("META-INF/raised-class-files/" + jar.getFileName() + ".txt");
            Files.createDirectories(notice.getParent());
            Files.writeString(
                    notice,
                    "The " + raised + " class files of " + jar.getFileName() + " older than Java 8"
                            + " were rewritten by image-mirror's build to class-file version " + TARGET
                            + ", with stack map"
                            + " frames computed by ASM (src/build/java/RaiseClassFileVersion.java), so that class data sharing"
                            + " can archive them. No instruction was changed.\n");
        }
        System.out.println("RaiseClassFileVersion: " + raised + " class files of " + jar.getFileName()
                + " raised to version " + TARGET + " in " + out);
    }

    private static boolean skipped(String name) {
        return name.equals("META-INF/MANIFEST.MF")
                || name.endsWith("module-info.class")
                || name.matches("META-INF/[^/]+\\.(SF|DSA|RSA|EC)");
    }

    private static int major(byte[] classFile) {
        return ((classFile[6] & 0xff) << 8) | (classFile[7] & 0xff);
    }

    private static byte[] raise(byte[] classFile, String name, ClassLoader types) {
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_FRAMES) {
            @Override
            protected ClassLoader getClassLoader() {
                return types; // the frames' common supertypes: the library's own classes and the JDK's
            }
        };
        new ClassReader(classFile)
                .accept(
                        new ClassVisitor(Opcodes.ASM9, writer) {
                            @Override
                            public void visit(
                                    int version,
                                    int access,
                                    String type,
                                    String signature,
                                    String superName,
                                    String[] interfaces) {
                                super.visit(TARGET, access, type, signature, superName, interfaces);
                            }

                            @Override
                            public MethodVisitor visitMethod(
                                    int access,
                                    String method,
                                    String descriptor,
                                    String signature,
                                    String[] exceptions) {
                                return new MethodVisitor(
                                        Opcodes.ASM9,
                                        super.visitMethod(access, method, descriptor, signature, exceptions)) {
                                    @Override
                                    public void visitJumpInsn(int opcode, Label label) {
                                        if (opcode == Opcodes.JSR) {
                                            throw new IllegalStateException(
                                                    name + " uses jsr/ret subroutines in " + method);
                                        }
                                        super.visitJumpInsn(opcode, label);
                                    }
                                };
                            }
                        },
                        ClassReader.SKIP_FRAMES);
        return writer.toByteArray();
    }
}
