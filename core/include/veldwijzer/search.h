// search.h — offline search over the directory, Dutch-aware.
//
//   auto synonyms = load_synonyms(json, "synonyms.json");
//   SearchIndex index = SearchIndex::build(directory, synonyms.value());
//   SearchQuery q; q.text = "huislijk geweld"; q.municipality = "GM0183";
//   for (const SearchHit &hit : index.search(q)) ... hit.service->name ...
//
// Matching per query word, best first: exact word, prefix (typing), head of a
// compound ("vervuiling" in "woningvervuiling"), synonym group, typo (one edit
// from 4 letters, two from 8). Every query word must match. Fields weigh
// name > taxonomy > description; services covering the preferred
// municipality, and local ones over regional ones, rank higher. Results are
// deterministic: ties break on name, then id.
#pragma once

#include "veldwijzer/directory.h"
#include "veldwijzer/opening_hours.h"

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace veldwijzer {

struct SynonymGroup {
  std::vector<std::string> terms;  // folded words or phrases
  std::vector<std::string> topics; // taxonomy term ids the group points at
};

struct Synonyms {
  std::vector<SynonymGroup> groups;
};

Result<Synonyms, LoadError> load_synonyms(std::string_view json_text, std::string_view file_name,
                                          const Directory &directory);

enum class Audience { any, citizens, professionals };

struct SearchQuery {
  std::string text;
  std::string municipality;           // only services covering it (empty: any)
  std::string preferred_municipality; // ranked first when covered
  std::optional<int> age_months;      // the client's age
  bool prenatal = false;              // the client is not born yet
  std::string topic;                  // taxonomy term id (empty: any)
  bool open_now = false;              // needs `now`
  std::optional<LocalTime> now;
  bool always_open_only = false; // 24/7 only
  Audience audience = Audience::any;
  bool include_policy = false; // policy bodies are hidden unless asked for
  std::size_t limit = 50;      // 0: every match
};

struct SearchHit {
  const Service *service;
  int score;
};

// The index points into the directory it was built from: keep that
// Directory alive and in place (not moved) while the index is used. search()
// is const and keeps no caches, so threads may share one index.
class SearchIndex {
public:
  static SearchIndex build(const Directory &directory, const Synonyms &synonyms);
  std::vector<SearchHit> search(const SearchQuery &query) const;
  std::size_t vocabulary_size() const { return words_.size(); }

private:
  struct Posting {
    std::uint32_t service;
    std::uint16_t weight;
  };
  // Best score per service (indexed by position in the directory) for one query word.
  using WordScores = std::vector<int>;
  void score_word(std::string_view word, bool last, WordScores &scores) const;
  void add_postings(std::uint32_t word_id, int quality, WordScores &scores) const;
  bool passes_filters(const Service &service, const SearchQuery &query) const;

  const Directory *directory_ = nullptr;
  std::vector<std::string> words_;             // sorted vocabulary
  std::vector<std::vector<Posting>> postings_; // parallel to words_
  std::unordered_map<std::string, std::uint32_t> word_id_;
  std::vector<std::vector<std::uint32_t>> topic_services_; // per synonym group: services with its topics
  std::map<std::string, std::vector<std::size_t>, std::less<>> synonym_groups_; // folded word -> groups
  std::vector<std::vector<std::string>> group_words_;                           // per group: its folded words
  std::size_t widest_coverage_ = 0;                                // most municipalities any service covers
  std::vector<std::pair<std::string, std::string>> topic_phrases_; // folded topic name, term id
};

} // namespace veldwijzer
