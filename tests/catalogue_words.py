"""The person's words a test gives a support-need catalogue entry it adds (required)."""

from __future__ import annotations

PLAIN = {
    "plain_title": "Help with your health",
    "plain_sentence": "We help you look after your health when you leave.",
}
