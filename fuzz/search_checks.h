// search_checks.h — invariants of SearchIndex::search(), shared by the
// harnesses that search (search, directory_data, services_query).
#pragma once

#include "fuzz_support.h"

#include "veldwijzer/opening_hours.h"
#include "veldwijzer/search.h"

#include <set>

namespace veldwijzer::fuzz {

// Every hit is a service of the directory, found once, passing every filter,
// at most `limit` of them, in the documented order (score, then name, id);
// and the same query gives the same answer.
inline void check_search(const SearchIndex &index, const Directory &directory, const SearchQuery &query) {
  const std::vector<SearchHit> hits = index.search(query);
  fuzz_check(query.limit == 0 || hits.size() <= query.limit);
  std::set<const Service *> seen;
  for (std::size_t i = 0; i < hits.size(); ++i) {
    const Service *s = hits[i].service;
    fuzz_check(s >= directory.services.data() && s < directory.services.data() + directory.services.size());
    fuzz_check(seen.insert(s).second);
    fuzz_check(s->status == "active");
    fuzz_check(query.municipality.empty() || s->covers(query.municipality));
    fuzz_check(query.topic.empty() || s->has_term(query.topic));
    fuzz_check(query.include_policy || !s->policy_only());
    fuzz_check(query.audience != Audience::citizens || s->for_citizens());
    fuzz_check(query.audience != Audience::professionals || s->for_professionals());
    fuzz_check(!query.always_open_only || s->always_open());
    fuzz_check(!query.open_now || (query.now && open_state(*s, *query.now) == OpenState::open));
    if (i > 0) {
      const SearchHit &a = hits[i - 1];
      const SearchHit &b = hits[i];
      fuzz_check(a.score > b.score ||
                 (a.score == b.score && (a.service->name < b.service->name ||
                                         (a.service->name == b.service->name && a.service->id < b.service->id))));
    }
  }
  const std::vector<SearchHit> again = index.search(query);
  fuzz_check(again.size() == hits.size());
  for (std::size_t i = 0; i < hits.size(); ++i) {
    fuzz_check(again[i].service == hits[i].service && again[i].score == hits[i].score);
  }
}

} // namespace veldwijzer::fuzz
