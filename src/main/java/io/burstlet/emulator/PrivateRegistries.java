package io.burstlet.emulator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The registries an emulator treats as private, each with the one username and password that may
 * pull from it; every other registry is public. Immutable and thread-safe. Passwords never appear
 * in {@link #toString()}, decisions or exception messages.
 */
public final class PrivateRegistries {

  private record Account(String username, String password) {}

  private final Map<String, Account> accounts;

  private PrivateRegistries(Map<String, Account> accounts) {
    this.accounts = Map.copyOf(accounts);
  }

  /** No private registries: every pull of a valid reference is allowed. */
  public static PrivateRegistries none() {
    return new PrivateRegistries(Map.of());
  }

  /**
   * Parses the command-line form {@code host=user:password}, one entry per element. The password is
   * everything after the first ':' following '=', so it may itself contain ':'.
   *
   * @throws IllegalArgumentException naming the entry by position and host, never echoing it
   */
  public static PrivateRegistries parse(Collection<String> specs) {
    PrivateRegistries registries = none();
    int position = 0;
    for (String spec : specs) {
      position++;
      int equals = spec.indexOf('=');
      if (equals <= 0) {
        throw new IllegalArgumentException(
            "private registry #" + position + " must be host=user:password");
      }
      String host = spec.substring(0, equals).trim();
      String login = spec.substring(equals + 1);
      int colon = login.indexOf(':');
      if (colon <= 0) {
        throw new IllegalArgumentException(
            "private registry #"
                + position
                + " ("
                + host
                + ") must be host=user:password with a non-empty user");
      }
      registries = registries.with(host, login.substring(0, colon), login.substring(colon + 1));
    }
    return registries;
  }

  /**
   * A copy with {@code host} private, pullable only with {@code username}/{@code password}. The
   * host is normalised like a credential server, so {@code https://Reg.example.com/} works.
   */
  public PrivateRegistries with(String host, String username, String password) {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(password, "password");
    String normalised = PullCredential.normaliseServer(host);
    if (normalised.isEmpty()) {
      throw new IllegalArgumentException("private registry host is empty");
    }
    Map<String, Account> copy = new LinkedHashMap<>(accounts);
    copy.put(normalised, new Account(username, password));
    return new PrivateRegistries(copy);
  }

  /** The private registry hosts, normalised. */
  public Set<String> hosts() {
    return accounts.keySet();
  }

  /**
   * Decides whether {@code image} may be pulled with the {@code offered} credentials. A public
   * registry always allows a valid reference; a private one needs an offered credential whose
   * server normalises to its host and whose username and password both match.
   */
  public PullDecision check(String image, Collection<PullCredential> offered) {
    ImageReference reference;
    try {
      reference = ImageReference.parse(image);
    } catch (InvalidImageReferenceException e) {
      return new PullDecision(PullDecision.Outcome.INVALID_REFERENCE, e.getMessage());
    }
    Account account = accounts.get(reference.registry());
    if (account == null) {
      return new PullDecision(PullDecision.Outcome.ALLOWED, "pulled " + reference);
    }
    List<PullCredential> forRegistry =
        (offered == null ? List.<PullCredential>of() : offered)
            .stream().filter(c -> c.registryHost().equals(reference.registry())).toList();
    if (forRegistry.isEmpty()) {
      return new PullDecision(
          PullDecision.Outcome.MISSING_CREDENTIALS,
          "pull access denied for "
              + reference
              + ": no credentials offered for registry "
              + reference.registry());
    }
    for (PullCredential credential : forRegistry) {
      if (credential.username().equals(account.username())
          && constantTimeEquals(credential.password(), account.password())) {
        return new PullDecision(PullDecision.Outcome.ALLOWED, "pulled " + reference);
      }
    }
    return new PullDecision(
        PullDecision.Outcome.WRONG_CREDENTIALS,
        "pull access denied for "
            + reference
            + ": unauthorized: incorrect username or password for registry "
            + reference.registry());
  }

  private static boolean constantTimeEquals(String a, String b) {
    return MessageDigest.isEqual(
        a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return "PrivateRegistries" + accounts.keySet();
  }
}
