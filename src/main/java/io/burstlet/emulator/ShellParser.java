package io.burstlet.emulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Splits a {@code sh -c} script into simple statements. Understands quoting ('…', "…", \), {@code
 * $VAR}/{@code ${VAR}} expansion and the separators {@code ;}, newline and {@code &&}. Any other
 * shell syntax (pipes, {@code ||}, {@code &}, redirections, subshells, command substitution,
 * unterminated quotes) marks its statement as unsupported rather than failing, since the simulation
 * runs unsupported commands as long-running processes.
 */
final class ShellParser {

  /** How a statement is joined to the one before it. */
  enum Separator {
    SEQUENCE,
    AND
  }

  /** One simple command; {@code words} are already unquoted and expanded. */
  record Statement(Separator separator, List<String> words, boolean supported) {}

  private final String script;
  private final Map<String, String> env;
  private final List<Statement> statements = new ArrayList<>();
  private int pos;
  private Separator pendingSeparator = Separator.SEQUENCE;
  private List<String> words = new ArrayList<>();
  private StringBuilder word = new StringBuilder();
  private boolean inWord;
  private boolean supported = true;

  private ShellParser(String script, Map<String, String> env) {
    this.script = script;
    this.env = env;
  }

  static List<Statement> parse(String script, Map<String, String> env) {
    ShellParser parser = new ShellParser(script, env);
    parser.run();
    return parser.statements;
  }

  private void run() {
    while (pos < script.length()) {
      char c = script.charAt(pos);
      if (c == '\'') {
        singleQuoted();
      } else if (c == '"') {
        doubleQuoted();
      } else if (c == '\\') {
        pos++;
        if (pos < script.length() && script.charAt(pos) != '\n') {
          append(script.charAt(pos));
        }
        pos++;
      } else if (c == '$') {
        expand();
      } else if (c == ';' || c == '\n') {
        pos++;
        endStatement(Separator.SEQUENCE);
      } else if (script.startsWith("&&", pos)) {
        pos += 2;
        endStatement(Separator.AND);
      } else if (Character.isWhitespace(c)) {
        pos++;
        endWord();
      } else if (c == '#' && !inWord) {
        // A comment runs to the end of the line.
        while (pos < script.length() && script.charAt(pos) != '\n') {
          pos++;
        }
      } else {
        if ("|&<>()`".indexOf(c) >= 0) {
          supported = false;
        }
        append(c);
        pos++;
      }
    }
    endStatement(Separator.SEQUENCE);
  }

  private void singleQuoted() {
    inWord = true;
    int end = script.indexOf('\'', pos + 1);
    if (end < 0) {
      unterminated();
      return;
    }
    word.append(script, pos + 1, end);
    pos = end + 1;
  }

  private void doubleQuoted() {
    inWord = true;
    pos++;
    while (pos < script.length()) {
      char c = script.charAt(pos);
      if (c == '"') {
        pos++;
        return;
      } else if (c == '\\'
          && pos + 1 < script.length()
          && "\"\\$`".indexOf(script.charAt(pos + 1)) >= 0) {
        word.append(script.charAt(pos + 1));
        pos += 2;
      } else if (c == '$') {
        expand();
      } else {
        if (c == '`') {
          supported = false;
        }
        word.append(c);
        pos++;
      }
    }
    unterminated();
  }

  private void unterminated() {
    // sh reports a syntax error; we treat the rest of the script as one unsupported statement.
    supported = false;
    pos = script.length();
  }

  /** Expands {@code $NAME} or {@code ${NAME}}; {@code $(} is command substitution: unsupported. */
  private void expand() {
    inWord = true;
    int start = pos + 1;
    if (start < script.length() && script.charAt(start) == '{') {
      int end = script.indexOf('}', start);
      if (end < 0) {
        unterminated();
        return;
      }
      word.append(env.getOrDefault(script.substring(start + 1, end), ""));
      pos = end + 1;
      return;
    }
    if (start < script.length() && script.charAt(start) == '(') {
      supported = false;
    }
    int end = start;
    while (end < script.length()
        && (Character.isLetterOrDigit(script.charAt(end)) || script.charAt(end) == '_')) {
      end++;
    }
    if (end == start) {
      word.append('$');
    } else {
      word.append(env.getOrDefault(script.substring(start, end), ""));
    }
    pos = end;
  }

  private void append(char c) {
    inWord = true;
    word.append(c);
  }

  private void endWord() {
    if (inWord) {
      words.add(word.toString());
    }
    word = new StringBuilder();
    inWord = false;
  }

  private void endStatement(Separator next) {
    endWord();
    if (!words.isEmpty() || !supported) {
      statements.add(new Statement(pendingSeparator, List.copyOf(words), supported));
      pendingSeparator = next;
    } else if (next == Separator.AND) {
      // "&& cmd" with nothing before it is a syntax error in sh.
      supported = false;
      return;
    }
    words = new ArrayList<>();
    supported = true;
  }
}
