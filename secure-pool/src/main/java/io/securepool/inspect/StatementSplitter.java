package io.securepool.inspect;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a script into statements at the semicolons the server would see, as {@code psql} does: a
 * semicolon inside a string ({@code '…'}, {@code E'…'}, {@code U&'…'}), a quoted identifier, a
 * dollar-quoted body ({@code $fn$ … $fn$}) or a comment ends nothing, and neither does one inside a
 * SQL-standard function body ({@code BEGIN ATOMIC … END}). It uses the inspector's own {@link
 * Lexer}, so a statement boundary here is exactly where the inspector's rules see one.
 *
 * <p>Each statement is returned without its semicolon and without the comments and whitespace that
 * precede it (a script's comments between statements are not part of what an application sends);
 * comments inside a statement are kept, since the inspector judges them. Empty statements and
 * comment-only remainders are dropped. An unterminated string, identifier, dollar quote or comment
 * runs to the end of the text, as the lexer reads it, and becomes part of the last statement, which
 * the inspector then refuses as malformed.
 */
public final class StatementSplitter {
  private StatementSplitter() {}

  /** The statements of {@code script}, in order. */
  public static List<String> split(String script) {
    // Plain: a lone '?' is then an operator character, never a placeholder; for finding semicolons
    // it makes no difference, and a script is not a prepared statement.
    Tokens tokens = Tokens.fresh(script, true);
    try {
      Lexer.tokenize(script, tokens);
      return split(script, tokens);
    } finally {
      tokens.release();
    }
  }

  private static List<String> split(String script, Tokens tokens) {
    List<String> statements = new ArrayList<>();
    int first = -1; // the first token of the current statement that is not a comment
    int last = -1; // the last token of the current statement
    int atomicDepth = 0; // inside BEGIN ATOMIC … END, counting CASE … END within it
    for (int i = 0; i < tokens.size(); i++) {
      TokenType type = tokens.type(i);
      if (type == TokenType.SEMICOLON && atomicDepth == 0) {
        add(script, tokens, first, last, statements);
        first = -1;
        last = -1;
        continue;
      }
      if (first < 0) {
        if (type.isComment()) {
          continue;
        }
        first = i;
      }
      last = i;
      if (type == TokenType.WORD) {
        if (atomicDepth == 0) {
          if (isWord(script, tokens, i, "BEGIN")
              && isWord(script, tokens, next(tokens, i), "ATOMIC")) {
            atomicDepth = 1;
          }
        } else if (isWord(script, tokens, i, "CASE")) {
          atomicDepth++;
        } else if (isWord(script, tokens, i, "END")) {
          atomicDepth--;
        }
      }
    }
    add(script, tokens, first, last, statements);
    return statements;
  }

  private static void add(
      String script, Tokens tokens, int first, int last, List<String> statements) {
    if (first >= 0) {
      statements.add(script.substring(tokens.start(first), tokens.end(last)));
    }
  }

  /** The index of the next token after {@code i} that is not a comment, or -1. */
  private static int next(Tokens tokens, int i) {
    for (int j = i + 1; j < tokens.size(); j++) {
      if (!tokens.type(j).isComment()) {
        return j;
      }
    }
    return -1;
  }

  private static boolean isWord(String script, Tokens tokens, int i, String word) {
    return i >= 0
        && tokens.type(i) == TokenType.WORD
        && tokens.end(i) - tokens.start(i) == word.length()
        && script.regionMatches(true, tokens.start(i), word, 0, word.length());
  }
}
