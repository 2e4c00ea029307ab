#include "generative_photos_errors.hpp"

#include <string>

namespace photobridge::plugins::generative_photos {

sdk::Error task_failed(const Item& item, std::string_view what) {
    const std::string code = item.error_code.value_or("");
    std::string message(kProvider);
    message.append(": ").append(what).append(": item ").append(item.id);
    message.append(" failed (data.task.error.code: ").append(code.empty() ? "none given" : code).append(")");
    return sdk::Error(PB_ERR_CONFLICT, std::move(message), 0, code);
}

}  // namespace photobridge::plugins::generative_photos
