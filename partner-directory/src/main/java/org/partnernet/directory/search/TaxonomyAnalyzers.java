package org.partnernet.directory.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishMinimalStemFilter;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.synonym.SynonymGraphFilter;
import org.apache.lucene.analysis.synonym.SynonymMap;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.util.CharsRef;
import org.apache.lucene.util.CharsRefBuilder;
import org.partnernet.directory.taxonomy.Taxonomy;
import org.partnernet.directory.taxonomy.TaxonomyTerm;

/**
 * The text analysis of search. Documents are indexed with the plain chain (words, lower case, accents folded, plurals
 * reduced); queries go through the same chain plus a synonym graph built from the taxonomy, which maps every synonym of
 * a term to the term's name ("bed" → "emergency shelter"), and service documents carry their terms' names.
 */
final class TaxonomyAnalyzers {

  private TaxonomyAnalyzers() {}

  /** Index-time chain. */
  static Analyzer plain() {
    return new Analyzer() {
      @Override
      protected TokenStreamComponents createComponents(String field) {
        StandardTokenizer tokenizer = new StandardTokenizer();
        TokenStream stream = new EnglishMinimalStemFilter(new ASCIIFoldingFilter(new LowerCaseFilter(tokenizer)));
        return new TokenStreamComponents(tokenizer, stream);
      }
    };
  }

  /** Query-time chain: the plain one plus the taxonomy's synonyms. */
  static Analyzer withSynonyms(Taxonomy taxonomy) {
    SynonymMap synonyms = synonymMap(taxonomy);
    return new Analyzer() {
      @Override
      protected TokenStreamComponents createComponents(String field) {
        StandardTokenizer tokenizer = new StandardTokenizer();
        TokenStream stream = new EnglishMinimalStemFilter(new ASCIIFoldingFilter(new LowerCaseFilter(tokenizer)));
        return new TokenStreamComponents(tokenizer, new SynonymGraphFilter(stream, synonyms, true));
      }
    };
  }

  private static SynonymMap synonymMap(Taxonomy taxonomy) {
    try (Analyzer plain = plain()) {
      SynonymMap.Builder builder = new SynonymMap.Builder(true);
      for (TaxonomyTerm term : taxonomy.terms()) {
        CharsRef name = phrase(plain, term.name());
        for (String synonym : term.synonyms()) {
          CharsRef from = phrase(plain, synonym);
          if (!from.equals(name)) {
            builder.add(from, name, true);
          }
        }
      }
      return builder.build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A phrase as the synonym map wants it: its analysed words joined by the map's word separator. */
  private static CharsRef phrase(Analyzer analyzer, String text) {
    CharsRefBuilder joined = new CharsRefBuilder();
    for (String token : tokens(analyzer, text)) {
      if (joined.length() > 0) {
        joined.append(SynonymMap.WORD_SEPARATOR);
      }
      joined.append(token);
    }
    return joined.get();
  }

  /** The plain tokens of a text (for fuzzy matching of typos). */
  static List<String> tokens(Analyzer analyzer, String text) {
    List<String> tokens = new ArrayList<>();
    try (TokenStream stream = analyzer.tokenStream("text", text)) {
      CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
      stream.reset();
      while (stream.incrementToken()) {
        tokens.add(term.toString());
      }
      stream.end();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return tokens;
  }
}
