//! Test knobs of the authorization server: expiring the access tokens it issued (as an admin
//! revoking the app's tokens would), and issuing new ones already expired, so a client's
//! handling of a refused token can be seen over real HTTP.

use super::OAuthState;

impl OAuthState {
    /// Expires every access token issued so far: a request with one is answered 401
    /// `invalid_token` "The token has expired.".
    pub fn expire_tokens(&mut self, now: i64) {
        for token in self.tokens.entries.values_mut() {
            token.expires_at = token.expires_at.min(now);
        }
    }

    /// From now on (`true`), tokens are issued already expired.
    pub fn issue_expired(&mut self, on: bool) {
        self.issue_expired = on;
    }
}
