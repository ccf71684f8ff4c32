package io.iamsuite.identity.api;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.util.List;

/** Bodies of the user group operations. */
final class GroupRequests {
    private GroupRequests() {
    }

    /** {@code createUserGroup} and {@code updateUserGroup}. */
    record Name(@NotBlank(message = "is required") @Size(max = 255, message = "must be at most 255 characters")
                String name) {
    }

    /** {@code addUsersToUserGroup} and {@code replaceUsersInUserGroup}. */
    record Emails(@NotNull(message = "is required") @Size(max = 1000, message = "must hold at most 1000 emails")
                  List<@NotBlank(message = "must not be blank") @Email(message = "must be an email address")
                  @Size(max = 254, message = "must be at most 254 characters") String> emails) {
    }
}
