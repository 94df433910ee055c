package org.partnernet.directory.taxonomy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The coalition's service vocabulary for anti-trafficking work, with the words people actually search with.
 * Codes are dotted and hierarchical ("legal.immigration" is under "legal"); a search for a parent finds its children.
 */
@Component
public class Taxonomy {

  private final Map<String, TaxonomyTerm> terms = new LinkedHashMap<>();

  public Taxonomy() {
    top("housing", "Housing", "Safe places to stay.", "accommodation", "place to stay", "home");
    add("housing.emergency-shelter", "Emergency shelter", "A safe bed tonight, short stays, 24/7 intake.",
        "bed", "beds", "shelter", "safe house", "refuge", "housing", "emergency housing", "place to sleep", "tonight");
    add("housing.transitional", "Transitional housing", "Supported housing for months while a survivor rebuilds.",
        "housing", "apartment", "long term housing", "supported housing", "bed");
    top("case-management", "Case management", "A caseworker who plans and coordinates support.",
        "caseworker", "case worker", "advocate", "advocacy", "support worker", "case manager");
    top("legal", "Legal aid", "Advice and representation.", "lawyer", "attorney", "legal aid", "legal advice",
        "solicitor", "court");
    add("legal.immigration", "Immigration legal services", "T-visa, U-visa, asylum and residence applications.",
        "visa", "t-visa", "t visa", "u-visa", "asylum", "immigration", "residence permit", "lawyer", "papers");
    add("legal.criminal", "Criminal legal services", "Victim-witness support, vacatur and record clearing.",
        "vacatur", "criminal record", "victim witness", "lawyer", "prosecution");
    add("legal.civil", "Civil legal services", "Wage claims, family law, protection orders.", "wage claim",
        "unpaid wages", "custody", "protection order", "restraining order", "divorce", "lawyer");
    top("health", "Health", "Medical and mental health care.", "healthcare");
    add("health.medical", "Medical care", "Primary and emergency medical care, sexual health.", "doctor", "clinic",
        "nurse", "hospital", "medical", "medicine", "sexual health");
    add("health.trauma-counselling", "Trauma counselling", "Trauma-informed therapy and counselling.", "therapy",
        "therapist", "counseling", "counselling", "mental health", "psychologist", "trauma", "ptsd");
    add("health.substance-use", "Substance use treatment", "Detox and recovery support.", "addiction", "detox",
        "rehab", "recovery", "drugs", "alcohol");
    top("interpretation", "Interpretation and translation", "Interpreters for calls, appointments and documents.",
        "interpreter", "translator", "translation", "language support");
    top("employment", "Employment", "Work and skills.", "work", "job");
    add("employment.training", "Job training", "Vocational training and skills courses.", "vocational",
        "skills", "apprenticeship", "course");
    add("employment.placement", "Job placement", "Job offers and placement with vetted employers.", "job", "jobs",
        "employer", "hiring", "work");
    top("education", "Education", "Schooling, language classes, GED.", "school", "class", "classes", "english class",
        "esl", "literacy", "ged");
    top("child-care", "Child care", "Care for children while a parent attends services.", "childcare", "daycare",
        "babysitting", "nursery", "kids");
    top("transport", "Transport", "Safe rides to shelters, appointments and court.", "ride", "transportation",
        "bus pass", "taxi", "travel");
    top("training", "Training", "Trainings for professionals and the public.", "workshop");
    add("training.awareness", "Awareness training", "Recognising and reporting trafficking: students, teachers, "
        + "parents, staff.", "awareness", "prevention", "workshop", "presentation", "education session", "training");
    top("volunteers", "Volunteers", "People who give their time.", "volunteer", "volunteering", "helpers");
    top("space", "Space", "Rooms and halls for meetings, trainings or storage.", "room", "hall", "venue",
        "meeting room", "storage");
    top("goods", "Goods", "Clothing, food, hygiene kits, furniture.", "clothes", "clothing", "food", "hygiene",
        "donations", "furniture", "supplies");
    top(OTHER, "Other services", "Services outside this vocabulary, e.g. imported from another directory.");
  }

  /** Where services go that carry no code of this vocabulary (HSDS imports). */
  public static final String OTHER = "other";

  private void top(String code, String name, String description, String... synonyms) {
    terms.put(code, new TaxonomyTerm(code, name, description, null, List.of(synonyms)));
  }

  private void add(String code, String name, String description, String... synonyms) {
    String parent = code.substring(0, code.lastIndexOf('.'));
    terms.put(code, new TaxonomyTerm(code, name, description, parent, List.of(synonyms)));
  }

  public List<TaxonomyTerm> terms() {
    return List.copyOf(terms.values());
  }

  public boolean contains(String code) {
    return code != null && terms.containsKey(code);
  }

  public Optional<TaxonomyTerm> term(String code) {
    return Optional.ofNullable(terms.get(code));
  }

  /** The code and every ancestor: "legal.immigration" → ["legal.immigration", "legal"]. */
  public List<String> withAncestors(String code) {
    List<String> codes = new ArrayList<>();
    String c = code;
    while (c != null) {
      codes.add(c);
      TaxonomyTerm term = terms.get(c);
      c = term == null ? null : term.parentCode();
    }
    return codes;
  }
}
