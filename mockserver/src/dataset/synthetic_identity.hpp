// People and identifiers for synthesized records: names, emails, phones and
// ids in the shapes the provider docs show. Everything is drawn from a
// SeededRandom, so it is deterministic for a seed.
#pragma once

#include <cstddef>
#include <string>

#include "seeded_random.hpp"

namespace photobridge::mock::dataset {

struct SyntheticPerson {
    std::string first_name;
    std::string last_name;
    std::string email;  // unique per `serial`: "<first>.<last>.<serial>@<domain>", lower case
    std::string phone;  // "+1" followed by ten digits
};

// `serial` makes the email unique within a collection (pass the record index).
SyntheticPerson make_person(SeededRandom& random, std::size_t serial);

// `length` lower-case hex digits, e.g. 24 for a MongoDB-style ObjectId.
std::string make_hex_id(SeededRandom& random, std::size_t length);

// `length` characters from [a-z0-9].
std::string make_token(SeededRandom& random, std::size_t length);

// A short word list entry (company, role, colour, department) for attributes.
std::string pick_company(SeededRandom& random);
std::string pick_role(SeededRandom& random);
std::string pick_colour(SeededRandom& random);

}  // namespace photobridge::mock::dataset
