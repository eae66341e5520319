package io.burstlet.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code hack/image.sh} builds the agent's image without a Docker daemon. Built twice, the tarball
 * is the same to the byte; its OCI layout and its docker-archive manifest describe the same image;
 * and the image, unpacked layer by layer into a root directory, runs {@code burstlet version} as
 * its non-root user with its entrypoint and environment, and nothing else: no shell.
 *
 * <p>The image runs under {@code unshare}: a new root (chroot), user and working directory from the
 * image config, and a private /proc (the dynamic loader resolves the runtime's {@code $ORIGIN}
 * library paths through /proc/self/exe, as in any container). As root the user is set with
 * setuid/setgid; otherwise a user namespace maps the caller to the image's user.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImageIT {
  private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(5);
  private static final Duration RUN_TIMEOUT = Duration.ofMinutes(1);
  private static final String TAG = "registry.test/burstlet/burstlet:image-it";
  private static final String UNSHARE = "/usr/bin/unshare";

  private final Path repo = Path.of("").toAbsolutePath();
  private final Path jar =
      Path.of(System.getProperty("burstlet.jar", "target/burstlet.jar")).toAbsolutePath();
  private Path work;
  private Path first;
  private Path second;
  private String firstDigest;
  private String secondDigest;
  private Path layout;
  private List<TarReader.Entry> layoutEntries;
  private JsonObject index;
  private JsonObject manifest;
  private JsonObject config;
  private List<List<TarReader.Entry>> layers;
  private Path rootfs;

  @BeforeAll
  void build() throws Exception {
    assertTrue(Files.isRegularFile(jar), jar + " missing: run mvn package first");
    work = Files.createTempDirectory("burstlet-image-it");
    first = work.resolve("first/burstlet-image.tar");
    second = work.resolve("second/burstlet-image.tar");
    firstDigest = buildImage(first);
    secondDigest = buildImage(second);

    layout = Files.createDirectories(work.resolve("layout"));
    try (InputStream in = Files.newInputStream(first)) {
      layoutEntries = TarReader.read(in, layout);
    }
    index = json(layout.resolve("index.json"));
    JsonArray manifests = index.getAsJsonArray("manifests");
    assertEquals(1, manifests.size(), "index.json: " + index);
    manifest = json(blob(manifests.get(0).getAsJsonObject()));
    config = json(blob(manifest.getAsJsonObject("config")));

    rootfs = Files.createDirectories(work.resolve("rootfs"));
    layers = new ArrayList<>();
    for (JsonElement layer : manifest.getAsJsonArray("layers")) {
      Path file = blob(layer.getAsJsonObject());
      try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
        layers.add(TarReader.read(in, null));
      }
      // Layers apply in order; there are no whiteouts to honour (asserted below).
      run(List.of("tar", "-xzf", file.toString(), "-C", rootfs.toString()), RUN_TIMEOUT, null);
    }
    // The container runtime provides /proc; the image does not carry the mount point.
    Files.createDirectories(rootfs.resolve("proc"));
  }

  @AfterAll
  void clean() throws IOException {
    if (work == null) {
      return;
    }
    try (Stream<Path> paths = Files.walk(work)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  @Test
  void twoBuildsAreTheSameToTheByte() throws IOException {
    assertEquals(-1L, Files.mismatch(first, second), "the two image tarballs differ");
    assertEquals(firstDigest, secondDigest);
    assertEquals(
        firstDigest,
        index.getAsJsonArray("manifests").get(0).getAsJsonObject().get("digest").getAsString(),
        "the printed digest is the manifest's");
  }

  @Test
  void timesComeFromTheSourceNotTheClock() throws Exception {
    long epoch =
        System.getenv("SOURCE_DATE_EPOCH") != null
            ? Long.parseLong(System.getenv("SOURCE_DATE_EPOCH"))
            : Long.parseLong(run(List.of("git", "log", "-1", "--format=%ct"), RUN_TIMEOUT, null));
    assertEquals(Instant.ofEpochSecond(epoch).toString(), config.get("created").getAsString());
    List<TarReader.Entry> all = new ArrayList<>(layoutEntries);
    layers.forEach(all::addAll);
    for (TarReader.Entry e : all) {
      assertEquals(epoch, e.mtime(), e.name() + " mtime");
      assertFalse(e.pax().containsKey("atime") || e.pax().containsKey("ctime"), e.name() + " pax");
    }
    for (TarReader.Entry e : layoutEntries) {
      assertEquals(0, e.uid(), e.name() + " owner");
      assertEquals(0, e.gid(), e.name() + " group");
    }
    for (JsonElement layer : manifest.getAsJsonArray("layers")) {
      byte[] header = new byte[10];
      try (InputStream in = Files.newInputStream(blob(layer.getAsJsonObject()))) {
        assertEquals(10, in.readNBytes(header, 0, 10));
      }
      assertEquals(0, header[3] & 0x08, "gzip stores no file name");
      assertEquals(0, header[4] | header[5] | header[6] | header[7], "gzip stores no time");
    }
  }

  @Test
  void theOciLayoutAndTheDockerArchiveDescribeTheSameImage() throws Exception {
    assertEquals(
        "1.0.0", json(layout.resolve("oci-layout")).get("imageLayoutVersion").getAsString());
    // Every blob is named by its content.
    try (Stream<Path> blobs = Files.list(layout.resolve("blobs/sha256"))) {
      for (Path b : blobs.toList()) {
        assertEquals(b.getFileName().toString(), sha256(b), b + " content");
      }
    }
    JsonObject descriptor = index.getAsJsonArray("manifests").get(0).getAsJsonObject();
    assertEquals(
        "application/vnd.oci.image.manifest.v1+json", descriptor.get("mediaType").getAsString());
    JsonObject annotations = descriptor.getAsJsonObject("annotations");
    assertEquals(TAG, annotations.get("io.containerd.image.name").getAsString());
    assertEquals("image-it", annotations.get("org.opencontainers.image.ref.name").getAsString());
    assertEquals(
        "application/vnd.oci.image.config.v1+json",
        manifest.getAsJsonObject("config").get("mediaType").getAsString());

    JsonArray docker =
        JsonParser.parseString(read(layout.resolve("manifest.json"))).getAsJsonArray();
    assertEquals(1, docker.size());
    JsonObject image = docker.get(0).getAsJsonObject();
    assertEquals(path(manifest.getAsJsonObject("config")), image.get("Config").getAsString());
    List<String> layerPaths = new ArrayList<>();
    manifest.getAsJsonArray("layers").forEach(l -> layerPaths.add(path(l.getAsJsonObject())));
    assertEquals(layerPaths, strings(image.getAsJsonArray("Layers")));
    assertEquals(List.of(TAG), strings(image.getAsJsonArray("RepoTags")));

    // The config's diff_ids are the uncompressed layers.
    List<String> diffIds = new ArrayList<>();
    for (JsonElement layer : manifest.getAsJsonArray("layers")) {
      assertEquals(
          "application/vnd.oci.image.layer.v1.tar+gzip",
          layer.getAsJsonObject().get("mediaType").getAsString());
      try (InputStream in =
          new GZIPInputStream(Files.newInputStream(blob(layer.getAsJsonObject())))) {
        diffIds.add("sha256:" + sha256(in));
      }
    }
    assertEquals(diffIds, strings(config.getAsJsonObject("rootfs").getAsJsonArray("diff_ids")));
    assertEquals(diffIds.size(), config.getAsJsonArray("history").size());
    assertEquals(2, diffIds.size(), "runtime and agent layers");
  }

  @Test
  void theImageRunsAsItsNonRootUser() throws IOException {
    JsonObject c = config.getAsJsonObject("config");
    assertEquals("65532:65532", c.get("User").getAsString());
    assertEquals(
        List.of("/opt/java/bin/java", "-jar", "/opt/burstlet/burstlet.jar"),
        strings(c.getAsJsonArray("Entrypoint")));
    assertTrue(
        read(rootfs.resolve("etc/passwd"))
            .lines()
            .anyMatch(l -> l.startsWith("burstlet:x:65532:65532:")),
        "/etc/passwd has the image user");
    assertTrue(
        read(rootfs.resolve("etc/group")).lines().anyMatch(l -> l.startsWith("burstlet:x:65532:")),
        "/etc/group has the image group");
    String workingDir = c.get("WorkingDir").getAsString();
    TarReader.Entry home = entry(workingDir);
    assertTrue(home.isDirectory(), workingDir);
    assertEquals(65532, home.uid(), workingDir + " belongs to the image user");
    TarReader.Entry tmp = entry("/tmp");
    assertEquals(01777, tmp.mode() & 07777, "/tmp is writable by all, sticky");
    Map<String, String> labels = new LinkedHashMap<>();
    c.getAsJsonObject("Labels")
        .entrySet()
        .forEach(e -> labels.put(e.getKey(), e.getValue().getAsString()));
    assertEquals(
        hostVersion().replaceFirst("^burstlet ", ""),
        labels.get("org.opencontainers.image.version"));
    assertTrue(labels.containsKey("org.opencontainers.image.source"), labels.toString());
    assertTrue(labels.containsKey("org.opencontainers.image.revision"), labels.toString());
  }

  @Test
  void theImagePrintsTheSameVersionAsTheJar() throws Exception {
    List<String> argv =
        new ArrayList<>(strings(config.getAsJsonObject("config").getAsJsonArray("Entrypoint")));
    argv.add("version");
    assertEquals(hostVersion(), inImage(argv));
  }

  @Test
  void theRuntimeCanTalkTlsToTheClouds() throws Exception {
    Path probe = rootfs.resolve("tmp/probe/io/burstlet/image/ImageProbe.class");
    Files.createDirectories(probe.getParent());
    try (InputStream in = ImageProbe.class.getResourceAsStream("ImageProbe.class")) {
      Files.copy(in, probe);
    }
    String java = strings(config.getAsJsonObject("config").getAsJsonArray("Entrypoint")).get(0);
    assertEquals("ok", inImage(List.of(java, "-cp", "/tmp/probe", ImageProbe.class.getName())));
    TarReader.Entry cacerts = entry("/opt/java/lib/security/cacerts");
    assertTrue(cacerts.isFile(), "cacerts is a file, not a link: " + cacerts);
    String release = read(rootfs.resolve("opt/java/release"));
    assertTrue(release.contains("JAVA_VERSION=\"17"), release);
    assertTrue(release.contains("jdk.crypto.ec"), release);
  }

  @Test
  void thereIsNoShell() {
    assertFalse(Files.exists(rootfs.resolve("bin/sh"), LinkOption.NOFOLLOW_LINKS), "/bin/sh");
    assertFalse(
        Files.exists(rootfs.resolve("usr/bin/sh"), LinkOption.NOFOLLOW_LINKS), "/usr/bin/sh");
    Pattern shells = Pattern.compile("(^|/)(sh|bash|dash|ash|busybox)$");
    for (List<TarReader.Entry> layer : layers) {
      for (TarReader.Entry e : layer) {
        assertFalse(shells.matcher(e.name()).find(), "a shell in the image: " + e.name());
        assertFalse(e.name().contains(".wh."), "no whiteouts: " + e.name());
        assertFalse(e.name().startsWith("/") || e.name().contains(".."), e.name());
      }
    }
  }

  @Test
  void theDockerfileLinksTheSameModules() throws IOException {
    Matcher script =
        Pattern.compile("(?m)^MODULES=(\\S+)$").matcher(read(repo.resolve("hack/image.sh")));
    Matcher dockerfile =
        Pattern.compile("--add-modules[ =](\\S+)").matcher(read(repo.resolve("Dockerfile")));
    assertTrue(script.find() && dockerfile.find(), "module lists not found");
    assertEquals(script.group(1), dockerfile.group(1), "Dockerfile and hack/image.sh modules");
  }

  // --- helpers ---------------------------------------------------------------------------------

  private String buildImage(Path out) throws Exception {
    Files.createDirectories(out.getParent());
    String stdout =
        run(
            List.of("bash", "hack/image.sh", "--out", out.toString(), "--tag", TAG),
            BUILD_TIMEOUT,
            null);
    String[] lines = stdout.strip().split("\n");
    String digest = lines[lines.length - 1];
    assertTrue(digest.matches("sha256:[0-9a-f]{64}"), "image.sh printed " + stdout);
    return digest;
  }

  /** Runs argv in the unpacked image as its user, in its working directory, with its Env only. */
  private String inImage(List<String> argv) throws Exception {
    JsonObject c = config.getAsJsonObject("config");
    String[] user = c.get("User").getAsString().split(":");
    List<String> command =
        new ArrayList<>(
            List.of(
                UNSHARE,
                "--mount",
                "--pid",
                "--fork",
                "--mount-proc=/proc",
                "--root=" + rootfs,
                "--wd=" + c.get("WorkingDir").getAsString()));
    if (isRoot()) {
      command.addAll(List.of("--setgid=" + user[1], "--setuid=" + user[0]));
    } else {
      command.addAll(List.of("--map-user=" + user[0], "--map-group=" + user[1]));
    }
    command.add("--");
    command.addAll(argv);
    Map<String, String> env = new LinkedHashMap<>();
    for (String kv : strings(c.getAsJsonArray("Env"))) {
      env.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
    }
    return run(command, RUN_TIMEOUT, env);
  }

  private String hostVersion() {
    try {
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      return run(List.of(java, "-jar", jar.toString(), "version"), RUN_TIMEOUT, null);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Runs a command from the repository directory and returns its stdout, stripped; fails on a
   * non-zero exit or on the timeout. With {@code env} set, the process gets exactly that.
   */
  private String run(List<String> command, Duration timeout, Map<String, String> env)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile(work, "out-", ".log");
    Path err = Files.createTempFile(work, "err-", ".log");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(repo.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
    if (env != null) {
      builder.environment().clear();
      builder.environment().putAll(env);
    }
    Process process = builder.start();
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        fail(command + " still running after " + timeout + "\n" + read(err));
      }
      if (process.exitValue() != 0) {
        fail(command + " exited " + process.exitValue() + "\n" + read(out) + read(err));
      }
      return read(out).strip();
    } finally {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
      Files.delete(out);
      Files.delete(err);
    }
  }

  private TarReader.Entry entry(String absolutePath) {
    String name = absolutePath.replaceFirst("^/", "");
    TarReader.Entry found = null;
    for (List<TarReader.Entry> layer : layers) {
      for (TarReader.Entry e : layer) {
        if (e.name().replaceFirst("/$", "").equals(name)) {
          found = e; // the last layer wins
        }
      }
    }
    assertTrue(found != null, absolutePath + " is not in the image");
    return found;
  }

  private static boolean isRoot() throws IOException {
    return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
  }

  private Path blob(JsonObject descriptor) throws IOException {
    Path file = layout.resolve(path(descriptor));
    assertTrue(Files.isRegularFile(file), "blob " + descriptor + " is in the layout");
    assertEquals(descriptor.get("size").getAsLong(), Files.size(file), "size of " + descriptor);
    return file;
  }

  private static String path(JsonObject descriptor) {
    return "blobs/" + descriptor.get("digest").getAsString().replace(':', '/');
  }

  private static JsonObject json(Path file) throws IOException {
    return JsonParser.parseString(read(file)).getAsJsonObject();
  }

  private static List<String> strings(JsonArray array) {
    List<String> values = new ArrayList<>();
    array.forEach(e -> values.add(e.getAsString()));
    return values;
  }

  private static String read(Path file) throws IOException {
    return Files.readString(file);
  }

  private static String sha256(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return sha256(in);
    }
  }

  private static String sha256(InputStream in) throws IOException {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      try (DigestInputStream d = new DigestInputStream(in, digest)) {
        d.transferTo(java.io.OutputStream.nullOutputStream());
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
