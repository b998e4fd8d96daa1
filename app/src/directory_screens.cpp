// directory_screens.cpp — the sociale kaart: search with filter chips, and a
// service's detail (call, website, hours, verification status).
#include "veldwijzer/app.h"

#include "veldwijzer/theme.h"
#include "veldwijzer/ui_font.h"
#include "veldwijzer/ui_snapshot.h"

#include "imgui.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

namespace veldwijzer {
namespace {

// A toggle styled as a chip: filled when on.
bool chip(const char *label, bool &on) {
  if (on) {
    ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyle().Colors[ImGuiCol_ButtonActive]);
  }
  const bool pressed = ImGui::Button(label);
  ui::describe_last(ui::Role::button, {}, ui::kToggle | (on ? ui::kPressed : 0));
  if (on) {
    ImGui::PopStyleColor();
  }
  if (pressed) {
    on = !on;
  }
  return pressed;
}

// Puts the next item on the same line when `width` still fits, else wraps:
// the filter row must survive a portrait tablet and the larger-text setting.
void flow(float width) {
  const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
  if (ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x + width <= right) {
    ImGui::SameLine();
  }
}

float button_width(const char *label) {
  return ImGui::CalcTextSize(label, nullptr, true).x + ImGui::GetStyle().FramePadding.x * 2.0f;
}

} // namespace

const std::vector<SearchHit> &App::results() {
  if (results_dirty_ && data_) {
    SearchQuery q;
    q.text = query_;
    q.preferred_municipality = municipality_;
    q.municipality = filters_.everywhere ? std::string() : municipality_;
    q.open_now = filters_.open_now;
    q.now = local_now();
    q.always_open_only = filters_.always_open;
    q.audience = filters_.professionals ? Audience::professionals
                 : filters_.citizens    ? Audience::citizens
                                        : Audience::any;
    q.topic = filters_.topic;
    q.prenatal = filters_.prenatal;
    if (filters_.age >= 0 && !filters_.prenatal) {
      q.age_months = filters_.age_in_months ? filters_.age : filters_.age * 12;
    }
    q.limit = 0;
    results_ = data_->index.search(q);
    results_dirty_ = false;
  }
  return results_;
}

// Chips for time and audience, then topic and client age. Returns true when
// a filter changed.
bool App::draw_search_filters() {
  bool changed = chip(t("search.filter.open_now"), filters_.open_now);
  flow(button_width(t("search.filter.always_open")));
  changed |= chip(t("search.filter.always_open"), filters_.always_open);
  flow(button_width(t("search.filter.professionals")));
  if (chip(t("search.filter.professionals"), filters_.professionals)) {
    filters_.citizens = false; // one audience at a time
    changed = true;
  }
  flow(button_width(t("search.filter.citizens")));
  if (chip(t("search.filter.citizens"), filters_.citizens)) {
    filters_.professionals = false;
    changed = true;
  }
  if (!municipality_.empty()) {
    flow(button_width(t("search.filter.everywhere")));
    changed |= chip(t("search.filter.everywhere"), filters_.everywhere);
  }

  const TaxonomyTerm *topic = filters_.topic.empty() ? nullptr : data_->directory.term(filters_.topic);
  const auto topic_name = [&](const TaxonomyTerm &term) {
    return language_ == Language::en && !term.name_en.empty() ? term.name_en : term.name;
  };
  const std::string current = topic != nullptr ? topic_name(*topic) : std::string(t("search.topic_all"));
  ImGui::SetNextItemWidth(260.0f * appearance_.text_scale());
  ui::describe_next(ui::Role::combobox, std::string(t("search.topic")) + ": " + current);
  if (ImGui::BeginCombo("##topic", current.c_str(), ImGuiComboFlags_HeightLarge)) {
    if (ImGui::Selectable(t("search.topic_all"), filters_.topic.empty(), 0, ImVec2(0.0f, ImGui::GetFrameHeight()))) {
      filters_.topic.clear();
      changed = true;
    }
    ui::describe_last(ui::Role::option, {}, filters_.topic.empty() ? ui::kSelected : 0);
    for (const TaxonomyTerm &term : data_->directory.terms) {
      if (term.taxonomy != "veldwijzer-topics") {
        continue;
      }
      if (ImGui::Selectable(topic_name(term).c_str(), term.id == filters_.topic, 0,
                            ImVec2(0.0f, ImGui::GetFrameHeight()))) {
        filters_.topic = term.id;
        changed = true;
      }
      ui::describe_last(ui::Role::option, {}, term.id == filters_.topic ? ui::kSelected : 0);
    }
    ImGui::EndCombo();
  }
  const float kAgeWidth = 90.0f * appearance_.text_scale();
  flow(ImGui::CalcTextSize(t("search.age")).x);
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(t("search.age"));
  flow(kAgeWidth);
  ImGui::SetNextItemWidth(kAgeWidth);
  // Text, not a number spinner: empty means "no age given", digits only.
  char age_text[16] = {};
  if (filters_.age >= 0) {
    std::snprintf(age_text, sizeof age_text, "%d", filters_.age);
  }
  const bool age_edited =
      ImGui::InputTextWithHint("##age", "–", age_text, sizeof age_text, ImGuiInputTextFlags_CharsDecimal);
  ui::describe_last(ui::Role::textbox, t("search.age"), ui::kNumeric, age_text);
  if (age_edited) {
    const int limit = filters_.age_in_months ? 1560 : 130;
    filters_.age = age_text[0] == '\0' ? -1 : std::clamp(std::atoi(age_text), 0, limit);
    if (filters_.age >= 0) {
      filters_.prenatal = false;
    }
    changed = true;
  }
  const char *unit = t(filters_.age_in_months ? "search.age_unit_months" : "search.age_unit_years");
  flow(button_width(unit));
  if (ImGui::Button(unit)) {
    // Switching the unit keeps the same age: 2 jaar <-> 24 maanden.
    if (filters_.age >= 0) {
      filters_.age = filters_.age_in_months ? filters_.age / 12 : filters_.age * 12;
    }
    filters_.age_in_months = !filters_.age_in_months;
    changed = true;
  }
  flow(button_width(t("search.prenatal")));
  changed |= chip(t("search.prenatal"), filters_.prenatal);
  if (filters_.age >= 0 || filters_.prenatal) {
    flow(button_width(t("search.age_clear")));
    if (ImGui::Button(t("search.age_clear"))) {
      filters_.age = -1;
      filters_.prenatal = false;
      changed = true;
    }
  }
  return changed;
}

void App::draw_search() {
  if (!data_) {
    ImGui::TextWrapped("%s", t("data.error"));
    ui::text(t("data.error"));
    return;
  }
  ImGui::PushFont(ui_fonts().title);
  ImGui::TextUnformatted(t("search.title"));
  ui::heading(t("search.title"));
  ImGui::PopFont();

  ImGui::SetNextItemWidth(-FLT_MIN);
  if (focus_query_) {
    // The tap that opened this screen focused a card on the previous one;
    // focus this window first, or the request stays in that card's scope.
    ImGui::SetWindowFocus();
    ImGui::SetKeyboardFocusHere(); // resolves over the next frame or two
  }
  if (ImGui::InputTextWithHint("##query", t("search.hint"), query_, sizeof query_)) {
    results_dirty_ = true; // results follow every keystroke
  }
  ui::describe_last(ui::Role::textbox, t("search.hint"), 0, query_);
  if (ImGui::IsItemActive()) {
    focus_query_ = false;
  }
  if (draw_search_filters()) {
    results_dirty_ = true;
  }

  const std::vector<SearchHit> &hits = results();
  std::string count = hits.size() == 1 ? std::string(t("search.results_one"))
                                       : fill(t("search.results_many"), std::to_string(hits.size()));
  if (!municipality_.empty() && !filters_.everywhere) {
    count += " " + fill(t("search.in_municipality"), municipality_name(municipality_));
  }
  ImGui::TextDisabled("%s", count.c_str());
  ui::text_item(ui::Role::status, count);
  ui::announce_change("search.results", count);
  if (hits.empty()) {
    ImGui::TextWrapped("%s", t("search.none"));
    ui::text(t("search.none"));
    return;
  }

  const LocalTime now = local_now();
  const float row_height = ImGui::GetTextLineHeightWithSpacing() * 2.0f + ImGui::GetStyle().FramePadding.y * 2.0f;
  ImGuiListClipper clipper; // only visible rows cost anything
  clipper.Begin(static_cast<int>(hits.size()), row_height + ImGui::GetStyle().ItemSpacing.y);
  if (ui::capturing()) {
    clipper.IncludeItemsByIndex(0, static_cast<int>(hits.size())); // a screen reader reads the whole list
  }
  while (clipper.Step()) {
    for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
      const Service &s = *hits[static_cast<std::size_t>(i)].service;
      ImGui::PushID(s.id.c_str());
      const OpenState state = open_state(s, now);
      std::string second;
      if (const Organization *org = data_->directory.organization(s.organization_id); org != nullptr) {
        second = org->name;
      }
      if (!s.phones.empty()) {
        second += (second.empty() ? "" : " · ") + s.phones.front().number;
      }
      const ImVec2 top = ImGui::GetCursorPos();
      if (ImGui::Selectable("##row", false, ImGuiSelectableFlags_AllowOverlap, ImVec2(0.0f, row_height))) {
        show_service(s.id);
      }
      // The row as one link: everything it shows, in reading order.
      std::string row_name = s.name;
      if (state != OpenState::unknown) {
        row_name += std::string(" · ") + t(state == OpenState::open ? "service.open" : "service.closed");
      }
      row_name += " · " + second + (s.verified.empty() ? std::string(" · ") + t("service.unverified") : "");
      ui::describe_last(ui::Role::link, row_name);
      const ImVec2 after = ImGui::GetCursorPos();
      ImGui::SetCursorPos(ImVec2(top.x + ImGui::GetStyle().FramePadding.x, top.y + ImGui::GetStyle().FramePadding.y));
      ImGui::TextUnformatted(s.name.c_str());
      if (state != OpenState::unknown) {
        ImGui::SameLine();
        ImGui::TextColored(state == OpenState::open ? theme::kOpenText
                                                    : ImGui::GetStyle().Colors[ImGuiCol_TextDisabled],
                           "· %s", t(state == OpenState::open ? "service.open" : "service.closed"));
      }
      ImGui::SetCursorPosX(top.x + ImGui::GetStyle().FramePadding.x);
      ImGui::TextDisabled("%s", second.c_str());
      if (s.verified.empty()) {
        ImGui::SameLine();
        ImGui::TextColored(theme::kWarningText, "· %s", t("service.unverified"));
      }
      // Back to below the row; an empty item there makes it the row's extent.
      ImGui::SetCursorPos(ImVec2(after.x, after.y - ImGui::GetStyle().ItemSpacing.y));
      ImGui::Dummy(ImVec2(0.0f, 0.0f));
      ImGui::PopID();
    }
  }
}

void App::draw_service() {
  const Service *s = data_ ? data_->directory.service(history_.back().id) : nullptr;
  if (s == nullptr) {
    ImGui::TextWrapped("%s", t("service.not_found"));
    ui::text(t("service.not_found"));
    return;
  }
  ImGui::PushFont(ui_fonts().title);
  ImGui::TextWrapped("%s", s->name.c_str());
  ui::heading(s->name);
  ImGui::PopFont();
  if (!s->alternate_name.empty()) {
    ImGui::TextDisabled("%s", s->alternate_name.c_str());
    ui::text(s->alternate_name);
  }
  if (s->verified.empty()) {
    ImGui::TextColored(theme::kWarningText, "%s", t("service.unverified"));
    ui::text(t("service.unverified"));
  }
  if (!s->unverified_note.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, theme::kWarningText);
    ImGui::TextWrapped("%s", s->unverified_note.c_str());
    ui::text(s->unverified_note);
    ImGui::PopStyleColor();
  }
  const std::string &description =
      language_ == Language::en && !s->description_en.empty() ? s->description_en : s->description;
  ImGui::TextWrapped("%s", description.c_str());
  ui::text(description);
  ImGui::Spacing();

  for (const Phone &phone : s->phones) {
    const std::string label = fill(t("service.call"), phone.number) + "##" + phone.id + phone.number;
    if (ImGui::Button(label.c_str()) && platform_.open_url) {
      std::string digits;
      std::copy_if(phone.number.begin(), phone.number.end(), std::back_inserter(digits),
                   [](char c) { return (c >= '0' && c <= '9') || c == '+'; });
      platform_.open_url("tel:" + digits);
    }
    if (!phone.description.empty()) {
      // Beside the button when it fits, else below it, wrapped (large text).
      flow(ImGui::CalcTextSize(phone.description.c_str()).x);
      ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyle().Colors[ImGuiCol_TextDisabled]);
      ImGui::TextWrapped("%s", phone.description.c_str());
      ImGui::PopStyleColor();
      ui::text(phone.description);
    }
  }
  if (!s->url.empty() && ImGui::Button(t("service.website")) && platform_.open_url) {
    platform_.open_url(s->url);
  }

  ImGui::SeparatorText(t("service.hours"));
  ui::heading(t("service.hours"), 2);
  const OpenState state = open_state(*s, local_now());
  if (state != OpenState::unknown) {
    ImGui::TextColored(state == OpenState::open ? theme::kOpenText : ImGui::GetStyle().Colors[ImGuiCol_Text], "%s",
                       t(state == OpenState::open ? "service.open" : "service.closed"));
    ui::text(t(state == OpenState::open ? "service.open" : "service.closed"));
  }
  if (s->always_open()) {
    ImGui::TextUnformatted(t("service.always_open"));
    ui::text(t("service.always_open"));
  } else if (s->hours.empty()) {
    ImGui::TextDisabled("%s", t("service.hours_unknown"));
    ui::text(t("service.hours_unknown"));
  } else {
    static constexpr const char *kDays[] = {"day.mo", "day.tu", "day.we", "day.th", "day.fr", "day.sa", "day.su"};
    for (const WeeklyHours &h : s->hours) {
      std::string days;
      for (int d = 0; d < 7; ++d) {
        if (h.days & (1u << d)) {
          days += (days.empty() ? "" : ", ") + std::string(t(kDays[d]));
        }
      }
      const std::string line = days + "  " + format_clock(h.opens_minute) + "–" + format_clock(h.closes_minute);
      ImGui::TextUnformatted(line.c_str());
      ui::text(line);
    }
  }
  if (s->holidays() != HolidayPolicy::unknown) {
    const char *holidays =
        t(s->holidays() == HolidayPolicy::open ? "service.holidays_open" : "service.holidays_closed");
    ImGui::TextDisabled("%s", holidays);
    ui::text(holidays);
  }

  ImGui::SeparatorText(t("service.for_whom"));
  ui::heading(t("service.for_whom"), 2);
  if (!s->eligibility.empty()) {
    ImGui::TextWrapped("%s", s->eligibility.c_str());
    ui::text(s->eligibility);
  }
  if (s->professional_line) {
    ImGui::TextUnformatted(t("service.professional_line"));
    ui::text(t("service.professional_line"));
  }
  if (s->prenatal || s->minimum_age_months || s->maximum_age_months) {
    const auto age = [&](int months) {
      return months % 12 == 0 ? fill(t("age.years"), std::to_string(months / 12))
                              : fill(t("age.months"), std::to_string(months));
    };
    std::string range = s->prenatal             ? std::string(t("age.prenatal"))
                        : s->minimum_age_months ? age(*s->minimum_age_months)
                                                : std::string("0");
    if (s->maximum_age_months) {
      range += " – " + age(*s->maximum_age_months);
    }
    const std::string ages = fill(t("service.ages"), range);
    ImGui::TextUnformatted(ages.c_str());
    ui::text(ages);
  }
  std::string area;
  if (s->municipalities.size() == data_->region.municipalities.size()) {
    area = t("service.area_all");
  } else {
    for (const std::string &code : s->municipalities) {
      area += (area.empty() ? "" : ", ") + municipality_name(code);
    }
  }
  area = std::string(t("service.area")) + ": " + area;
  ImGui::TextWrapped("%s", area.c_str());
  ui::text(area);
  if (const Organization *org = data_->directory.organization(s->organization_id); org != nullptr) {
    const std::string organization = std::string(t("service.organization")) + ": " + org->name;
    ImGui::TextWrapped("%s", organization.c_str());
    ui::text(organization);
  }

  ImGui::SeparatorText(t("service.sources"));
  ui::heading(t("service.sources"), 2);
  for (const std::string &source : s->sources) {
    ImGui::TextWrapped("%s", source.c_str());
    ui::text(source);
  }
  if (!s->verified.empty()) {
    const std::string verified = fill(t("service.verified_on"), s->verified);
    ImGui::TextDisabled("%s", verified.c_str());
    ui::text(verified);
  }
}

} // namespace veldwijzer
