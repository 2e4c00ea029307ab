#include "synthetic_identity.hpp"

#include <array>
#include <cctype>
#include <string_view>

namespace photobridge::mock::dataset {
namespace {

constexpr std::array<std::string_view, 32> kFirstNames{
    "Ava",   "Liam",  "Noah",   "Emma",  "Olivia", "Mateo",  "Sofia",  "Hiro",  "Amara", "Lucas", "Mia",
    "Elijah", "Zara", "Ines",   "Kofi",  "Priya",  "Chen",   "Fatima", "Jonas", "Leila", "Omar",  "Yuki",
    "Grace", "Diego", "Nadia",  "Tomas", "Aisha",  "Ravi",   "Elena",  "Sam",   "Ivy",   "Felix"};

constexpr std::array<std::string_view, 32> kLastNames{
    "Smith",  "Garcia", "Okafor", "Nguyen",  "Kowalski", "Rossi",  "Tanaka",   "Haddad",
    "Silva",  "Muller", "Patel",  "Johnson", "Kim",      "Larsen", "Moreau",   "Novak",
    "Ahmed",  "Cohen",  "Brown",  "Lopez",   "Ivanova",  "Mensah", "Fischer",  "Costa",
    "Walker", "Sato",   "Khan",   "Dubois",  "Berg",     "Reyes",  "Anderson", "Young"};

constexpr std::array<std::string_view, 6> kDomains{"example.com", "example.org", "example.net",
                                                   "acme.test",   "globex.test", "initech.test"};

constexpr std::array<std::string_view, 8> kCompanies{"Acme Corp", "Globex",     "Initech",  "Umbrella",
                                                     "Hooli",     "Stark Labs", "Wayne Co", "Soylent"};

constexpr std::array<std::string_view, 8> kRoles{"Manager",  "Engineer", "Designer", "Analyst",
                                                 "Director", "Intern",   "Sales",    "Support"};

constexpr std::array<std::string_view, 6> kColours{"Red", "Blue", "Green", "Yellow", "Purple", "Orange"};

std::string lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

}  // namespace

SyntheticPerson make_person(SeededRandom& random, std::size_t serial) {
    SyntheticPerson person;
    person.first_name = std::string(random.pick(kFirstNames));
    person.last_name = std::string(random.pick(kLastNames));
    person.email = lower(person.first_name) + "." + lower(person.last_name) + "." + std::to_string(serial) + "@" +
                   std::string(random.pick(kDomains));
    person.phone = "+1" + std::to_string(random.between(2000000000LL, 9899999999LL));
    return person;
}

std::string make_hex_id(SeededRandom& random, std::size_t length) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string id(length, '0');
    for (char& c : id) c = kHex[random.below(16)];
    return id;
}

std::string make_token(SeededRandom& random, std::size_t length) {
    static constexpr char kAlphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
    std::string token(length, 'a');
    for (char& c : token) c = kAlphabet[random.below(36)];
    return token;
}

std::string pick_company(SeededRandom& random) { return std::string(random.pick(kCompanies)); }
std::string pick_role(SeededRandom& random) { return std::string(random.pick(kRoles)); }
std::string pick_colour(SeededRandom& random) { return std::string(random.pick(kColours)); }

}  // namespace photobridge::mock::dataset
