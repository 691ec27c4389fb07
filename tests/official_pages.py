"""Pages shaped like the official sites the catalogue registers, written for the tests.

The layouts imitate a U.S. press release (banner, menus, breadcrumbs, a sidebar of
related releases, a long footer) and a foreign ministry's meeting overview (top
menu, a left column of regions, "Back to" links); the meetings, names and words
are invented. Nothing here is copied from a real site.
"""

from __future__ import annotations

from tests.test_text import _pdf

# The sentences a reader must keep, and the page furniture it must drop.
PRESS_BODY = (
    "The Secretary, the Foreign Minister of Japan and the Foreign Minister of the Republic "
    "of Korea met in Honolulu on March 3, 2026, for the fortieth trilateral ministerial "
    "meeting.",
    "The three ministers agreed to hold a trilateral maritime exercise before the end of the "
    "year and to expand the sharing of missile-warning data in real time.",
    "They reaffirmed that the alliances of the United States with Japan and with the Republic "
    "of Korea remain the cornerstone of peace and security in the region.",
)
PRESS_FURNITURE = ("Related Articles", "Subscribe to updates", "Privacy Policy")

PRESS_RELEASE = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Joint Statement on the Trilateral Ministerial Meeting - Example Department</title>
<meta property="article:published_time" content="2026-03-03">
</head><body>
<div class="usa-banner">An official website of an example government. Here's how you know</div>
<header><a class="logo" href="/">Example Department</a>
<nav aria-label="Primary"><ul><li><a href="/policy">Policy Issues</a></li>
<li><a href="/countries">Countries and Areas</a></li><li><a href="/bureaus">Bureaus</a></li>
<li><a href="/about">About</a></li></ul></nav></header>
<nav class="breadcrumbs"><a href="/">Home</a> &rsaquo; <a href="/office">Office of the
Spokesperson</a> &rsaquo; Joint Statement</nav>
<main id="main-content"><article>
<h1>Joint Statement on the Trilateral Ministerial Meeting</h1>
<p class="article-meta">Media Note &middot; Office of the Spokesperson &middot; March 3, 2026</p>
<p>The following is the text of a joint statement released by the three governments.</p>
<p>Begin Text:</p>
{"".join(f"<p>{s}</p>" for s in PRESS_BODY)}
<p>End Text.</p>
</article>
<aside class="sidebar"><h2>{PRESS_FURNITURE[0]}</h2><ul>
<li><a href="/a">Secretary's Travel to the Region</a></li>
<li><a href="/b">Briefing on the Ministerial Meeting</a></li></ul>
<a href="/subscribe">{PRESS_FURNITURE[1]}</a></aside></main>
<footer><ul><li><a href="/privacy">{PRESS_FURNITURE[2]}</a></li>
<li><a href="/accessibility">Accessibility Statement</a></li>
<li><a href="/foia">Freedom of Information Act</a></li></ul>
<p>Example Department, 2201 Example Street, Washington</p></footer>
</body></html>
""".encode()

OVERVIEW_BODY = (
    "On May 9, the Minister for Foreign Affairs held a foreign ministers' meeting with his "
    "counterparts of the United States and the Republic of Korea in Sapporo.",
    "The three ministers shared the view that trilateral cooperation is more important than "
    "ever, and they concurred to open a trilateral secretariat within the year.",
)
OVERVIEW_FURNITURE = ("Countries & Regions", "Back to Example Relations")

OVERVIEW = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Foreign Ministers' Meeting</title></head>
<body><div id="header"><p class="site">Example Ministry of Foreign Affairs</p>
<ul id="global-nav"><li><a href="/">Home</a></li><li><a href="/press">Press Releases</a></li>
<li><a href="/policy">Foreign Policy</a></li><li><a href="/region">Countries &amp; Regions</a>
</li></ul></div>
<div id="wrapper"><div id="left"><p class="title">{OVERVIEW_FURNITURE[0]}</p>
<ul><li><a href="/region/asia">Asia</a></li><li><a href="/region/na">North America</a></li>
<li><a href="/region/europe">Europe</a></li></ul></div>
<div id="maincontents"><p class="date">May 9, 2032</p>
<h1>Foreign Ministers' Meeting</h1>
{"".join(f"<p>{s}</p>" for s in OVERVIEW_BODY)}
<p class="back"><a href="/region/na/">{OVERVIEW_FURNITURE[1]}</a></p></div></div>
<div id="footer"><p>Copyright Example Ministry of Foreign Affairs</p></div>
</body></html>
""".encode()

TREATY_LINE = "Article 1. The Parties undertake to settle any dispute by peaceful means."
TREATY_PDF = _pdf(TREATY_LINE)
