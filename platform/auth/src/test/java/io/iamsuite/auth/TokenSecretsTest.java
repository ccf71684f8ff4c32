package io.iamsuite.auth;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class TokenSecretsTest {
    @Test
    void a_secret_has_the_prefix_and_256_random_bits_and_never_repeats() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String secret = TokenSecrets.generate();
            assertThat(secret).startsWith("iamt_").hasSize(48);
            assertThat(TokenSecrets.looksLikeSecret(secret)).isTrue();
            assertThat(seen.add(secret)).isTrue();
        }
    }

    @Test
    void the_hash_is_sha256_hex_and_compares_in_constant_time() {
        String secret = TokenSecrets.generate();
        String hash = TokenSecrets.hash(secret);
        assertThat(hash).hasSize(64).matches("[0-9a-f]{64}");
        assertThat(TokenSecrets.sameHash(hash, TokenSecrets.hash(secret))).isTrue();
        assertThat(TokenSecrets.sameHash(hash, TokenSecrets.hash(TokenSecrets.generate()))).isFalse();
        assertThat(TokenSecrets.sameHash(hash, null)).isFalse();
    }

    @Test
    void garbage_does_not_look_like_a_secret_and_redaction_hides_it() {
        assertThat(TokenSecrets.looksLikeSecret("iamt_short")).isFalse();
        assertThat(TokenSecrets.looksLikeSecret(null)).isFalse();
        assertThat(TokenSecrets.looksLikeSecret("xxxx_" + "a".repeat(43))).isFalse();
        String secret = TokenSecrets.generate();
        assertThat(TokenSecrets.redact(secret)).doesNotContain(secret.substring(5, 40)).endsWith(secret.substring(44));
    }
}
