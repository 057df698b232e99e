package io.jenkins.plugins.imagemirror.jenkins;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The UTF-8 entries of a class file's constant pool (JVMS §4.4): every class, descriptor and signature a class refers
 * to is spelled there ({@code com/fasterxml/jackson/databind/ObjectMapper},
 * {@code (Lorg/yaml/snakeyaml/Yaml;)V}), whether it is ever loaded or not. Reading them is how a test finds which
 * libraries bundled bytecode needs, without loading it.
 */
final class ClassFileConstants {
    private ClassFileConstants() {}

    static Set<String> utf8(byte[] classFile) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
        if (in.readInt() != 0xCAFEBABE) {
            throw new IOException("not a class file (no 0xCAFEBABE magic)");
        }
        in.readUnsignedShort(); // minor
        in.readUnsignedShort(); // major
        int count = in.readUnsignedShort();
        Set<String> strings = new LinkedHashSet<>();
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> strings.add(in.readUTF());
                case 7, 8, 16, 19, 20 -> in.skipBytes(2);
                case 15 -> in.skipBytes(3);
                case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipBytes(4);
                case 5, 6 -> {
                    in.skipBytes(8);
                    i++; // a long or double takes two slots
                }
                default -> throw new IOException("unknown constant pool tag " + tag + " at entry " + i);
            }
        }
        return strings;
    }
}
