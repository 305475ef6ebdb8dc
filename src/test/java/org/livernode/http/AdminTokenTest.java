package org.livernode.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class AdminTokenTest {
    private static final String TOKEN = "4f1c0e9a7b2d4c6e8f0a1b3c5d7e9f21";

    @Test
    void onlyTheConfiguredTokenAsABearerHeaderIsAllowed() {
        AdminToken token = new AdminToken(Optional.of(TOKEN));
        assertTrue(token.configured());
        assertEquals(AdminToken.Verdict.ALLOWED, token.check("Bearer " + TOKEN));
        assertEquals(AdminToken.Verdict.ALLOWED, token.check("bearer " + TOKEN), "the scheme's case does not matter (RFC 7235)");
        assertEquals(AdminToken.Verdict.WRONG, token.check("Bearer " + TOKEN.substring(1)));
        assertEquals(AdminToken.Verdict.WRONG, token.check("Bearer " + TOKEN + "0"));
        assertEquals(AdminToken.Verdict.WRONG, token.check("Bearer " + TOKEN.toUpperCase()));
        assertEquals(AdminToken.Verdict.WRONG, token.check("Bearer "));
        assertEquals(AdminToken.Verdict.MISSING, token.check(null));
        assertEquals(AdminToken.Verdict.MISSING, token.check(TOKEN), "not a bearer credential");
        assertEquals(AdminToken.Verdict.MISSING, token.check("Basic " + TOKEN));
    }

    @Test
    void withoutAConfiguredTokenEveryActionIsRefused() {
        AdminToken none = new AdminToken(Optional.empty());
        assertFalse(none.configured());
        assertEquals(AdminToken.Verdict.READ_ONLY, none.check("Bearer " + TOKEN));
        assertEquals(AdminToken.Verdict.READ_ONLY, none.check("Bearer "));
        assertEquals(AdminToken.Verdict.READ_ONLY, none.check(null));
    }

    @Test
    void refusalsAre401WithoutCredentialsAnd403Otherwise() {
        assertEquals(401, AdminToken.Verdict.MISSING.httpStatus);
        assertEquals(403, AdminToken.Verdict.WRONG.httpStatus);
        assertEquals(403, AdminToken.Verdict.READ_ONLY.httpStatus);
    }
}
