import pytest

from civicadopt.reports.svg import check_inline_svg, with_title

from .factories import CHART_SVG

NS = 'xmlns="http://www.w3.org/2000/svg"'
XLINK = 'xmlns:xlink="http://www.w3.org/1999/xlink"'


@pytest.mark.parametrize(
    "svg",
    [
        f"<svg {NS}><script>alert(1)</script></svg>",
        f'<svg {NS} onload="alert(1)"></svg>',
        f'<svg {NS}><rect ONCLICK="alert(1)"/></svg>',
        f'<svg {NS}><rect style="fill:red"/></svg>',
        f"<svg {NS}><style>rect{{fill:red}}</style></svg>",
        f'<svg {NS}><foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject></svg>',
        f'<svg {NS}><image href="file:///etc/passwd"/></svg>',
        f'<svg {NS} {XLINK}><use xlink:href="http://evil.example/x.svg#a"/></svg>',
        f'<svg {NS}><a href="javascript:alert(1)"><text>x</text></a></svg>',
        f'<svg {NS}><rect fill="url(http://evil.example/p.svg#g)"/></svg>',
        f"<svg {NS}><rect fill=\"url( 'file:///etc/passwd')\"/></svg>",
        '<!DOCTYPE svg [<!ENTITY x "y">]><svg>&x;</svg>',
        '<svg><!DOCTYPE x [<!ENTITY a SYSTEM "file:///etc/passwd">]></svg>',
        "<div><svg></svg></div>",
        f"<svg {NS}></svg><script>alert(1)</script><svg></svg>",
        f"<svg {NS}><rect></svg>",
        f'<svg {NS}><svg:script xmlns:svg="http://www.w3.org/2000/svg">x</svg:script></svg>',
        # Inert as XML, live markup once an HTML parser reads them inline (mutation XSS).
        f"<svg {NS}><title><![CDATA[><img src=x onerror=alert(1)>]]></title></svg>",
        f"<svg {NS}><?x ><img src=x onerror=alert(1)>?></svg>",
        f"<svg {NS}><title><!-- --!><img src=x onerror=alert(1)> --></title></svg>",
    ],
)
def test_unsafe_svg_is_refused(svg: str) -> None:
    with pytest.raises(ValueError, match="SVG"):
        check_inline_svg(svg)


def test_charts_drawn_with_presentation_attributes_pass() -> None:
    svg = (
        f'<svg {NS} {XLINK} viewBox="0 0 10 10"><defs><linearGradient id="g"><stop offset="0"/>'
        '</linearGradient><path id="p" d="M0 0L1 1"/></defs><rect fill="url(#g)" width="5" height="5"/>'
        '<use xlink:href="#p"/><use href="#p"/><text x="1" y="9" font-family="sans-serif">A &amp; B</text></svg>'
    )
    assert check_inline_svg(svg) == svg
    assert check_inline_svg(CHART_SVG) == CHART_SVG


def test_with_title_puts_the_escaped_description_first() -> None:
    titled = with_title(CHART_SVG, 'Costs "rise" <fast> & soon')
    assert titled.startswith(
        CHART_SVG[: CHART_SVG.index(">") + 1]
        + "<title>Costs &quot;rise&quot; &lt;fast&gt; &amp; soon</title>"
    )
    check_inline_svg(titled)


def test_with_title_reads_the_opening_tag_even_with_a_quoted_angle_bracket() -> None:
    svg = f'<svg {NS} aria-label="a > b"><rect width="1" height="1"/></svg>'
    assert (
        with_title(svg, "T")
        == f'<svg {NS} aria-label="a > b"><title>T</title><rect width="1" height="1"/></svg>'
    )
