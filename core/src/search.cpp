// search.cpp — the inverted index, word matching and ranking.
#include "veldwijzer/search.h"

#include "veldwijzer/text_folding.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <deque>

namespace veldwijzer {
namespace {

// How much a word found in a field counts; name beats taxonomy beats description.
constexpr std::uint16_t kWeightName = 8;
constexpr std::uint16_t kWeightTaxonomy = 4;
constexpr std::uint16_t kWeightOrganization = 3;
constexpr std::uint16_t kWeightDescription = 2;
constexpr std::uint16_t kWeightEnglish = 1;

// How well a query word matched an indexed word.
constexpr int kExact = 10;
constexpr int kPrefix = 8;
constexpr int kSynonym = 7;
constexpr int kCompoundPart = 6;
constexpr int kOneTypo = 5;
constexpr int kTwoTypos = 4;

constexpr int kPreferredMunicipality = 40;
constexpr int kTopicPhrase = 60;
constexpr int kLocalService = 10;

int allowed_typos(std::size_t length) {
  return length >= 8 ? 2 : length >= 4 ? 1 : 0;
}

// Optimal-string-alignment distance, giving up as soon as it exceeds `limit`.
// Rows live on the stack: this runs for every vocabulary word on a typo.
int bounded_distance(std::string_view a, std::string_view b, int limit) {
  constexpr int kMax = 48;
  const int n = static_cast<int>(a.size());
  const int m = static_cast<int>(b.size());
  if (std::abs(n - m) > limit || n > kMax || m > kMax) {
    return limit + 1;
  }
  int rows[3][kMax + 1];
  int *before = rows[0];
  int *previous = rows[1];
  int *current = rows[2];
  for (int j = 0; j <= m; ++j) {
    previous[j] = j;
  }
  for (int i = 1; i <= n; ++i) {
    current[0] = i;
    int row_min = current[0];
    for (int j = 1; j <= m; ++j) {
      const int cost = a[i - 1] == b[j - 1] ? 0 : 1;
      int best = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        best = std::min(best, before[j - 2] + 1); // transposition: "huiselijk" / "huisleijk"
      }
      current[j] = best;
      row_min = std::min(row_min, best);
    }
    if (row_min > limit) {
      return limit + 1;
    }
    int *recycled = before;
    before = previous;
    previous = current;
    current = recycled;
  }
  return previous[m];
}

std::string join_words(const std::vector<std::string> &words) {
  std::string out;
  for (const std::string &w : words) {
    out += (out.empty() ? "" : " ") + w;
  }
  return out;
}

} // namespace

Result<Synonyms, LoadError> load_synonyms(std::string_view json_text, std::string_view file_name,
                                          const Directory &directory) {
  const auto doc = nlohmann::json::parse(json_text, nullptr, false);
  const auto error = [&](std::string path, std::string reason) {
    return fail(LoadError{std::string(file_name), std::move(path), std::move(reason)});
  };
  if (doc.is_discarded()) {
    return error("", "not valid JSON");
  }
  const auto groups = doc.is_object() ? doc.find("groups") : doc.end();
  if (!doc.is_object() || groups == doc.end() || !groups->is_array()) {
    return error("/groups", "required list of synonym groups is missing");
  }
  Synonyms synonyms;
  for (std::size_t i = 0; i < groups->size(); ++i) {
    const auto &g = (*groups)[i];
    const std::string path = "/groups/" + std::to_string(i);
    if (!g.is_object()) {
      return error(path, "must be an object with terms and topics");
    }
    SynonymGroup group;
    const auto terms = g.find("terms");
    if (terms == g.end() || !terms->is_array() || terms->empty()) {
      return error(path + "/terms", "a group needs at least one term");
    }
    for (std::size_t t = 0; t < terms->size(); ++t) {
      if (!(*terms)[t].is_string() || (*terms)[t].get_ref<const std::string &>().empty()) {
        return error(path + "/terms/" + std::to_string(t), "must be a non-empty word");
      }
      group.terms.push_back(fold_text((*terms)[t].get<std::string>()));
    }
    const auto topics = g.find("topics");
    if (topics != g.end() && !topics->is_array()) {
      return error(path + "/topics", "must be a list of taxonomy term ids");
    }
    if (topics != g.end()) {
      for (std::size_t t = 0; t < topics->size(); ++t) {
        const auto &topic = (*topics)[t];
        if (!topic.is_string() || directory.term(topic.get_ref<const std::string &>()) == nullptr) {
          return error(path + "/topics/" + std::to_string(t), "unknown taxonomy term " + topic.dump());
        }
        group.topics.push_back(topic.get<std::string>());
      }
    }
    synonyms.groups.push_back(std::move(group));
  }
  return synonyms;
}

SearchIndex SearchIndex::build(const Directory &directory, const Synonyms &synonyms) {
  SearchIndex index;
  index.directory_ = &directory;
  // Services are visited in order, so each word's posting list comes out
  // sorted by service without a sort; a repeat visit keeps the heavier field.
  std::unordered_map<std::string_view, std::uint32_t> ids; // views into `words`' stable strings
  std::deque<std::string> words;
  std::vector<std::vector<Posting>> postings;
  std::string folded;
  const auto add = [&](std::uint32_t service, std::string_view text, std::uint16_t weight) {
    folded = fold_text(text);
    for_each_word(folded, [&](std::string_view word) {
      auto it = ids.find(word);
      if (it == ids.end()) {
        words.emplace_back(word); // deque: earlier strings never move
        it = ids.emplace(words.back(), static_cast<std::uint32_t>(words.size() - 1)).first;
        postings.emplace_back();
      }
      std::vector<Posting> &list = postings[it->second];
      if (!list.empty() && list.back().service == service) {
        list.back().weight = std::max(list.back().weight, weight);
      } else {
        list.push_back({service, weight});
      }
    });
  };
  for (std::uint32_t s = 0; s < directory.services.size(); ++s) {
    const Service &service = directory.services[s];
    index.widest_coverage_ = std::max(index.widest_coverage_, service.municipalities.size());
    add(s, service.name, kWeightName);
    add(s, service.alternate_name, kWeightName);
    for (const std::string &term_id : service.terms) {
      if (const TaxonomyTerm *term = directory.term(term_id);
          term != nullptr && term->taxonomy == "veldwijzer-topics") {
        add(s, term->name, kWeightTaxonomy);
        add(s, term->name_en, kWeightTaxonomy);
        add(s, term->code, kWeightTaxonomy);
      }
    }
    if (const Organization *org = directory.organization(service.organization_id); org != nullptr) {
      add(s, org->name, kWeightOrganization);
    }
    add(s, service.description, kWeightDescription);
    add(s, service.eligibility, kWeightDescription);
    add(s, service.description_en, kWeightEnglish);
  }
  // Sorted vocabulary, for prefix search.
  std::vector<std::uint32_t> order(words.size());
  for (std::uint32_t i = 0; i < order.size(); ++i) {
    order[i] = i;
  }
  std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) { return words[a] < words[b]; });
  index.words_.reserve(words.size());
  index.postings_.reserve(words.size());
  for (const std::uint32_t id : order) {
    index.words_.push_back(words[id]);
    index.postings_.push_back(std::move(postings[id]));
  }
  index.word_id_.reserve(index.words_.size());
  for (std::uint32_t id = 0; id < index.words_.size(); ++id) {
    index.word_id_.emplace(index.words_[id], id);
  }

  for (std::size_t g = 0; g < synonyms.groups.size(); ++g) {
    const SynonymGroup &group = synonyms.groups[g];
    // Only one-word terms trigger and expand a group: the words of a phrase
    // ("huiselijk geweld") alone would drag in everything with "geweld".
    std::vector<std::string> words;
    for (const std::string &term : group.terms) {
      std::vector<std::string> parts = search_words(term);
      if (parts.size() == 1) {
        index.synonym_groups_[parts[0]].push_back(g);
        words.push_back(std::move(parts[0]));
      }
    }
    index.group_words_.push_back(std::move(words));
    std::vector<std::uint32_t> services;
    for (std::uint32_t s = 0; s < directory.services.size(); ++s) {
      for (const std::string &topic : group.topics) {
        if (directory.services[s].has_term(topic)) {
          services.push_back(s);
          break;
        }
      }
    }
    index.topic_services_.push_back(std::move(services));
  }
  // Topic names as folded phrases: a query that names a topic exactly
  // ("huiselijk geweld") ranks the services filed under it first.
  for (const TaxonomyTerm &term : directory.terms) {
    if (term.taxonomy == "veldwijzer-topics") {
      index.topic_phrases_.emplace_back(join_words(search_words(term.name)), term.id);
    }
  }
  return index;
}

void SearchIndex::add_postings(std::uint32_t word_id, int quality, WordScores &scores) const {
  for (const Posting &p : postings_[word_id]) {
    int &best = scores[p.service];
    best = std::max(best, quality * static_cast<int>(p.weight));
  }
}

void SearchIndex::score_word(std::string_view word, bool last, WordScores &scores) const {
  bool matched = false;
  if (const auto it = word_id_.find(std::string(word)); it != word_id_.end()) {
    add_postings(it->second, kExact, scores);
    matched = true;
  }
  // Prefix: the word being typed, or a shortened word ("huisel").
  if (word.size() >= 2 || last) {
    for (auto it = std::lower_bound(words_.begin(), words_.end(), word);
         it != words_.end() && it->compare(0, word.size(), word) == 0; ++it) {
      if (it->size() > word.size()) {
        add_postings(static_cast<std::uint32_t>(it - words_.begin()), kPrefix, scores);
        matched = true;
      }
    }
  }
  // The head of a Dutch compound comes last: "vervuiling" finds
  // "woningvervuiling" (a kind of vervuiling). Compound starts are prefixes,
  // handled above; infixes match too much to be useful.
  if (word.size() >= 4) {
    for (std::uint32_t id = 0; id < words_.size(); ++id) {
      const std::string &candidate = words_[id];
      if (candidate.size() >= word.size() + 3 &&
          candidate.compare(candidate.size() - word.size(), word.size(), word) == 0) {
        add_postings(id, kCompoundPart, scores);
        matched = true;
      }
    }
  }
  // Synonyms: "geldzorgen" finds what is filed under schulden.
  const auto group_hits = [&](std::string_view synonym) {
    const auto it = synonym_groups_.find(synonym);
    if (it == synonym_groups_.end()) {
      return false;
    }
    for (std::size_t g : it->second) {
      for (std::uint32_t s : topic_services_[g]) {
        int &best = scores[s];
        best = std::max(best, kSynonym * kWeightTaxonomy);
      }
      for (const std::string &other : group_words_[g]) {
        if (const auto w = word_id_.find(other); w != word_id_.end()) {
          add_postings(w->second, kSynonym, scores);
        }
      }
    }
    return true;
  };
  matched = group_hits(word) || matched;
  if (matched) {
    return;
  }
  // Typos only when nothing better matched: they are the last resort.
  const int limit = allowed_typos(word.size());
  if (limit == 0) {
    return;
  }
  for (std::uint32_t id = 0; id < words_.size(); ++id) {
    const int distance = bounded_distance(word, words_[id], limit);
    if (distance <= limit) {
      add_postings(id, distance == 1 ? kOneTypo : kTwoTypos, scores);
    }
  }
  for (const auto &[synonym, groups] : synonym_groups_) {
    (void)groups;
    if (bounded_distance(word, synonym, limit) <= limit) {
      group_hits(synonym);
    }
  }
}

bool SearchIndex::passes_filters(const Service &service, const SearchQuery &q) const {
  if (service.status != "active") {
    return false;
  }
  if (!q.include_policy && service.policy_only()) {
    return false;
  }
  if (!q.municipality.empty() && !service.covers(q.municipality)) {
    return false;
  }
  if (!q.topic.empty() && !service.has_term(q.topic)) {
    return false;
  }
  if (q.audience == Audience::citizens && !service.for_citizens()) {
    return false;
  }
  if (q.audience == Audience::professionals && !service.for_professionals()) {
    return false;
  }
  if (q.prenatal) {
    // Before birth: services that say so, and those without an age limit.
    if (!service.prenatal && (service.minimum_age_months || service.maximum_age_months)) {
      return false;
    }
  } else if (q.age_months) {
    if ((service.minimum_age_months && *q.age_months < *service.minimum_age_months) ||
        (service.maximum_age_months && *q.age_months > *service.maximum_age_months)) {
      return false;
    }
  }
  if (q.always_open_only && !service.always_open()) {
    return false;
  }
  if (q.open_now && (!q.now || open_state(service, *q.now) != OpenState::open)) {
    return false;
  }
  return true;
}

std::vector<SearchHit> SearchIndex::search(const SearchQuery &q) const {
  const std::vector<std::string> words = search_words(q.text);
  std::vector<SearchHit> hits;
  // Topics the whole query names, found once per query rather than per hit.
  const std::string phrase = join_words(words);
  std::vector<std::string_view> named_topics;
  for (const auto &[topic_phrase, term] : topic_phrases_) {
    if (topic_phrase == phrase) {
      named_topics.push_back(term);
    }
  }
  const auto bonus = [&](const Service &s) {
    // Services covering the municipality the professional works in come first.
    int extra = 0;
    for (const std::string_view term : named_topics) {
      if (s.has_term(term)) {
        extra += kTopicPhrase;
      }
    }
    if (!q.preferred_municipality.empty() && s.covers(q.preferred_municipality)) {
      extra += kPreferredMunicipality;
      if (s.municipalities.size() < widest_coverage_) { // a local service beats a region-wide one
        extra += kLocalService;
      }
    }
    return extra;
  };

  if (words.empty()) {
    // No words: browse everything the filters allow.
    for (const Service &s : directory_->services) {
      if (passes_filters(s, q)) {
        hits.push_back({&s, bonus(s)});
      }
    }
  } else {
    // Dense score arrays: one int per service, cheaper than hashing at 10 000.
    const std::size_t n = directory_->services.size();
    WordScores total(n, 0);
    WordScores scores(n, 0);
    for (std::size_t i = 0; i < words.size(); ++i) {
      std::fill(scores.begin(), scores.end(), 0);
      score_word(words[i], i + 1 == words.size(), scores);
      bool any = false;
      for (std::size_t s = 0; s < n; ++s) {
        // Every word must match: a service missing this word drops out.
        total[s] = (i == 0 || total[s] > 0) && scores[s] > 0 ? total[s] + scores[s] : 0;
        any = any || total[s] > 0;
      }
      if (!any) {
        return {};
      }
    }
    for (std::size_t index = 0; index < n; ++index) {
      const Service &s = directory_->services[index];
      if (total[index] > 0 && passes_filters(s, q)) {
        hits.push_back({&s, total[index] + bonus(s)});
      }
    }
  }
  const auto better = [](const SearchHit &a, const SearchHit &b) {
    if (a.score != b.score) {
      return a.score > b.score;
    }
    if (a.service->name != b.service->name) {
      return a.service->name < b.service->name;
    }
    return a.service->id < b.service->id;
  };
  // A short word can match thousands of services; only the first `limit`
  // need ordering.
  if (q.limit > 0 && hits.size() > q.limit) {
    std::partial_sort(hits.begin(), hits.begin() + static_cast<std::ptrdiff_t>(q.limit), hits.end(), better);
    hits.resize(q.limit);
  } else {
    std::sort(hits.begin(), hits.end(), better);
  }
  return hits;
}

} // namespace veldwijzer
