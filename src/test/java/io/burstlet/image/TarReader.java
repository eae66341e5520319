package io.burstlet.image;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a tar stream (ustar, pax and GNU long names) header by header, so tests can check what an
 * image layer records for each entry: owner, mode, time, pax keys. Optionally writes the regular
 * files under a directory.
 */
final class TarReader {
  /** One member. {@code pax} holds the extended-header keys that applied to it. */
  record Entry(
      String name,
      char type,
      int mode,
      long uid,
      long gid,
      long mtime,
      long size,
      String link,
      Map<String, String> pax) {
    boolean isFile() {
      return type == '0' || type == '\0';
    }

    boolean isDirectory() {
      return type == '5';
    }

    boolean isSymlink() {
      return type == '2';
    }
  }

  private static final int BLOCK = 512;

  private TarReader() {}

  /** The entries of {@code in}; regular files are also written below {@code filesTo} if set. */
  static List<Entry> read(InputStream in, Path filesTo) throws IOException {
    List<Entry> entries = new ArrayList<>();
    Map<String, String> global = new HashMap<>();
    Map<String, String> next = new HashMap<>();
    String longName = null;
    String longLink = null;
    byte[] header = new byte[BLOCK];
    while (true) {
      if (in.readNBytes(header, 0, BLOCK) < BLOCK) {
        throw new EOFException("tar ends inside a header");
      }
      if (isZero(header)) {
        return entries;
      }
      char type = (char) header[156];
      long size = number(header, 124, 12);
      switch (type) {
        case 'x', 'g' -> {
          Map<String, String> records = pax(readBody(in, size));
          (type == 'g' ? global : next).putAll(records);
          continue;
        }
        case 'L' -> {
          longName = cString(readBody(in, size), 0, (int) size);
          continue;
        }
        case 'K' -> {
          longLink = cString(readBody(in, size), 0, (int) size);
          continue;
        }
        default -> {}
      }
      Map<String, String> pax = new HashMap<>(global);
      pax.putAll(next);
      String name = cString(header, 0, 100);
      String prefix = cString(header, 345, 155);
      if (!prefix.isEmpty()) {
        name = prefix + "/" + name;
      }
      name = pax.getOrDefault("path", longName != null ? longName : name);
      String link =
          pax.getOrDefault("linkpath", longLink != null ? longLink : cString(header, 157, 100));
      if (pax.containsKey("size")) {
        size = Long.parseLong(pax.get("size"));
      }
      Entry entry =
          new Entry(
              name,
              type,
              (int) number(header, 100, 8),
              number(header, 108, 8),
              number(header, 116, 8),
              number(header, 136, 12),
              size,
              link,
              Map.copyOf(next));
      entries.add(entry);
      next.clear();
      longName = null;
      longLink = null;
      if (filesTo != null && entry.isFile()) {
        Path file = filesTo.resolve(name).normalize();
        if (!file.startsWith(filesTo)) {
          throw new IOException("tar entry outside its root: " + name);
        }
        Files.createDirectories(file.getParent());
        try (OutputStream out = Files.newOutputStream(file)) {
          copy(in, out, size);
        }
        skip(in, padding(size));
      } else {
        skip(in, size + padding(size));
      }
    }
  }

  private static byte[] readBody(InputStream in, long size) throws IOException {
    byte[] body = in.readNBytes((int) size);
    if (body.length < size) {
      throw new EOFException("tar ends inside an entry");
    }
    skip(in, padding(size));
    return body;
  }

  /** pax records: {@code "<length> <key>=<value>\n"}. */
  private static Map<String, String> pax(byte[] body) {
    Map<String, String> records = new HashMap<>();
    int i = 0;
    while (i < body.length && body[i] != 0) {
      int space = i;
      while (body[space] != ' ') {
        space++;
      }
      int length = Integer.parseInt(new String(body, i, space - i, StandardCharsets.US_ASCII));
      String record = new String(body, space + 1, length - (space - i) - 2, StandardCharsets.UTF_8);
      int eq = record.indexOf('=');
      records.put(record.substring(0, eq), record.substring(eq + 1));
      i += length;
    }
    return records;
  }

  private static long padding(long size) {
    return (BLOCK - size % BLOCK) % BLOCK;
  }

  private static void copy(InputStream in, OutputStream out, long size) throws IOException {
    byte[] buffer = new byte[1 << 16];
    long left = size;
    while (left > 0) {
      int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
      if (n < 0) {
        throw new EOFException("tar ends inside an entry");
      }
      out.write(buffer, 0, n);
      left -= n;
    }
  }

  private static void skip(InputStream in, long n) throws IOException {
    copy(in, OutputStream.nullOutputStream(), n);
  }

  private static boolean isZero(byte[] block) {
    for (byte b : block) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  private static String cString(byte[] bytes, int offset, int length) {
    int end = offset;
    while (end < offset + length && bytes[end] != 0) {
      end++;
    }
    return new String(bytes, offset, end - offset, StandardCharsets.UTF_8);
  }

  /** An octal field, or a base-256 one (high bit of the first byte set). */
  private static long number(byte[] bytes, int offset, int length) {
    if ((bytes[offset] & 0x80) != 0) {
      long value = bytes[offset] & 0x7f;
      for (int i = 1; i < length; i++) {
        value = (value << 8) | (bytes[offset + i] & 0xff);
      }
      return value;
    }
    String text = cString(bytes, offset, length).trim();
    return text.isEmpty() ? 0 : Long.parseLong(text, 8);
  }
}
