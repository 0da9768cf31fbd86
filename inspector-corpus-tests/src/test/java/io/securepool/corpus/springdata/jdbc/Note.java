package io.securepool.corpus.springdata.jdbc;

import org.springframework.data.relational.core.mapping.Table;

/** A child row of {@link Customer}, written and deleted with its aggregate. */
@Table(schema = "sdj", name = "note")
public class Note {
  public String text;

  public Note() {}

  public Note(String text) {
    this.text = text;
  }
}
