// referral_routes.cpp — loading routes and resolving role references.
#include "veldwijzer/referral_routes.h"

#include <nlohmann/json.hpp>

#include <set>

namespace veldwijzer {
namespace {

using nlohmann::json;

struct Role {
  std::string_view ref;
  std::string_view term;
};
constexpr Role kRoles[] = {{"@wijkteam", "role-front-door"}, {"@welzijn", "role-welfare"}};

const Role *role_of(std::string_view ref) {
  for (const Role &role : kRoles) {
    if (role.ref == ref) {
      return &role;
    }
  }
  return nullptr;
}

} // namespace

const ReferralRoute *ReferralRoutes::find(std::string_view id) const {
  for (const ReferralRoute &route : routes) {
    if (route.id == id) {
      return &route;
    }
  }
  return nullptr;
}

Result<ReferralRoutes, LoadError> load_routes(std::string_view json_text, std::string_view file_name,
                                              const Directory &directory) {
  LoadError error{std::string(file_name), "", ""};
  const auto failure = [&](std::string path, std::string reason) {
    error.json_path = std::move(path);
    error.reason = std::move(reason);
    return fail(error);
  };
  const json doc = json::parse(json_text, nullptr, false);
  if (doc.is_discarded()) {
    return failure("", "not valid JSON");
  }
  const auto list = doc.is_object() ? doc.find("routes") : doc.end();
  if (!doc.is_object() || list == doc.end() || !list->is_array()) {
    return failure("/routes", "required list of routes is missing");
  }
  const auto text_of = [](const json &object, const char *key, LocalizedText &out) {
    const auto it = object.find(key);
    if (it == object.end() || !it->is_object()) {
      return false;
    }
    const auto nl = it->find("nl");
    const auto en = it->find("en");
    if (nl == it->end() || en == it->end() || !nl->is_string() || !en->is_string() ||
        nl->get_ref<const std::string &>().empty() || en->get_ref<const std::string &>().empty()) {
      return false;
    }
    out = {nl->get<std::string>(), en->get<std::string>()};
    return true;
  };

  ReferralRoutes routes;
  std::set<std::string, std::less<>> ids;
  for (std::size_t i = 0; i < list->size(); ++i) {
    const json &r = (*list)[i];
    const std::string path = "/routes/" + std::to_string(i);
    if (!r.is_object()) {
      return failure(path, "must be an object");
    }
    ReferralRoute route;
    const auto id = r.find("id");
    if (id == r.end() || !id->is_string() || id->get_ref<const std::string &>().empty()) {
      return failure(path + "/id", "required text is missing");
    }
    route.id = id->get<std::string>();
    if (!ids.insert(route.id).second) {
      return failure(path + "/id", "duplicate route id '" + route.id + "'");
    }
    if (!text_of(r, "title", route.title)) {
      return failure(path + "/title", "needs Dutch and English text (nl, en)");
    }
    if (r.contains("summary") && !text_of(r, "summary", route.summary)) {
      return failure(path + "/summary", "needs Dutch and English text (nl, en)");
    }
    if (const auto acute = r.find("acute"); acute != r.end()) {
      if (!acute->is_boolean()) {
        return failure(path + "/acute", "must be true or false");
      }
      route.acute = acute->get<bool>();
    }
    if (const auto topics = r.find("topics"); topics != r.end()) {
      if (!topics->is_array()) {
        return failure(path + "/topics", "must be a list of taxonomy term ids");
      }
      for (std::size_t t = 0; t < topics->size(); ++t) {
        const json &topic = (*topics)[t];
        if (!topic.is_string() || directory.term(topic.get_ref<const std::string &>()) == nullptr) {
          return failure(path + "/topics/" + std::to_string(t), "unknown taxonomy term " + topic.dump());
        }
        route.topics.push_back(topic.get<std::string>());
      }
    }
    const auto steps = r.find("steps");
    if (steps == r.end() || !steps->is_array() || steps->empty()) {
      return failure(path + "/steps", "a route needs at least one step");
    }
    for (std::size_t s = 0; s < steps->size(); ++s) {
      const json &st = (*steps)[s];
      const std::string step_path = path + "/steps/" + std::to_string(s);
      RouteStep step;
      if (!st.is_object() || !text_of(st, "text", step.text)) {
        return failure(step_path + "/text", "needs Dutch and English text (nl, en)");
      }
      if (const auto services = st.find("services"); services != st.end()) {
        if (!services->is_array()) {
          return failure(step_path + "/services", "must be a list of service ids");
        }
        for (std::size_t k = 0; k < services->size(); ++k) {
          const json &ref = (*services)[k];
          const bool known = ref.is_string() && (role_of(ref.get_ref<const std::string &>()) != nullptr ||
                                                 directory.service(ref.get_ref<const std::string &>()) != nullptr);
          if (!known) {
            return failure(step_path + "/services/" + std::to_string(k),
                           "unknown service " + ref.dump() + " (use a service id, @wijkteam or @welzijn)");
          }
          step.service_refs.push_back(ref.get<std::string>());
        }
      }
      route.steps.push_back(std::move(step));
    }
    routes.routes.push_back(std::move(route));
  }
  return routes;
}

std::vector<ResolvedStep> resolve_route(const ReferralRoute &route, const Directory &directory,
                                        std::string_view municipality) {
  std::vector<ResolvedStep> resolved;
  for (const RouteStep &step : route.steps) {
    ResolvedStep out;
    out.step = &step;
    std::vector<const Service *> named;
    for (const std::string &ref : step.service_refs) {
      if (const Role *role = role_of(ref); role != nullptr) {
        bool found = false;
        for (const Service &s : directory.services) {
          if (s.has_term(role->term) && s.covers(municipality)) {
            out.services.push_back(&s);
            found = true;
          }
        }
        if (!found) {
          out.unresolved_roles.push_back(ref);
        }
      } else if (const Service *s = directory.service(ref); s != nullptr) {
        named.push_back(s);
      }
    }
    // A step may name local services of several towns (the GP posts): show
    // the ones serving this municipality; if the step would otherwise be
    // empty, show them all and say they lie outside it.
    std::vector<const Service *> local;
    for (const Service *s : named) {
      if (s->covers(municipality)) {
        local.push_back(s);
      }
    }
    out.outside_municipality = local.empty() && !named.empty() && out.services.empty();
    const std::vector<const Service *> &shown = out.outside_municipality ? named : local;
    out.services.insert(out.services.begin(), shown.begin(), shown.end());
    resolved.push_back(std::move(out));
  }
  return resolved;
}

} // namespace veldwijzer
