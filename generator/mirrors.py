"""Hosts that republish other publishers' articles: a copy found there is never cited as the source.

A source names the original (its publisher, title and own address); when it was read on one of these copies,
the copy's address goes in sources.csv's read_at. Each host is listed with the copy that showed what it is,
so the list can be checked rather than taken on trust. Add a host only with such evidence.
"""

from __future__ import annotations

from urllib.parse import urlsplit

# host -> the evidence: a page on it that reproduces another publisher's article, and whose article it is.
MIRROR_HOSTS: dict[str, str] = {
    "squidsite02.com": "squidsite02.com/2025/05/07/amazon-invertira-4-000-millones reproduces a Reuters report by Fabián Andrés Cambero",
    "optionstradingreport.com": "optionstradingreport.com/?p=1172535 reproduces the Reuters report 'Amazon to spend $4 billion on cloud infrastructure in Chile'",
    "pledgetimes.com": "pledgetimes.com/microsoft-to-invest-r14-7-billion-... reproduces a Reuters report carried by IstoÉ Dinheiro",
    "bywedr.asia": "367193.bywedr.asia/article/01/09/2022/qatars-microsoft-datacenter-region-... reproduces The Peninsula (Qatar)",
    "prtechnews.in": "prtechnews.in/alibaba-cloud-plans-expansion-into-europe-south-america-the-register reproduces The Register",
    "wpnews.pro": "wpnews.pro/news/alibaba-cloud-launches-data-centres-in-france-... reproduces the South China Morning Post",
    "financetom.com": "financetom.com/business/amazons-aws-to-invest-11-bln-in-georgia-... reproduces a Reuters report",
    "niftycent.com": "niftycent.com/de/external-link/775748/... reproduces the Reuters report on Oracle's investment in Spain",
    "macsurfer.com": "macsurfer.com/redir.php?u=1159119 redirects to an OnMSFT article",
    "bcnn1wp.wordpress.com": "bcnn1wp.wordpress.com/2017/01/17/oracle-to-add-3-new-cloud-data-centers-... reposts Fortune",
    "newswirenews.com": "newswirenews.com/microsoft-opens-top-cloud-data-processing-hub-in-poland-3 reproduces The Associated Press",
    "daily8.com": "daily8.com/en/hashtag/GreaterKualaLumpur aggregates a Malay Mail article",
    "1cananews.com": "1cananews.com/2023/10/24/microsoft-announces-3-2-billion-investment-in-australia reproduces an AFP report",
    "news-you-need.com": "news-you-need.com/index.php/2026/06/02/google-sweden-data-centre-... reposts techgenyz.com",
    "webhostingtalk.com.br": "webhostingtalk.com.br/forums/showthread.php/7062-... reposts a ZDNet article by Mary Jo Foley in a forum",
    # Syndicators and aggregators: sites whose pages carry other publishers' stories under their own address.
    "news.az": "news.az/news/alibaba-to-open-new-data-centres-unveils-most-powerful-ai-model carries a Reuters report ('News.Az reports, citing Reuters')",
    "nbcwashington.com": "nbcwashington.com/news/business/money-report/google-to-invest-2-billion-in-malaysia-... carries a business-news story that nbcnewsla.com carries word for word",
    "nbcnewsla.com": "nbcnewsla.com/google-to-invest-2-billion-in-malaysia-and-build-data-center-to-meet-ai-demand reproduces the same business-news story as nbcwashington.com's money-report page",
    "newsmuncher.com": "newsmuncher.com/article/66fd2a94.../microsoft-opens-top-cloud-data-processing-hub-in-poland reproduces The Associated Press report",
    "candorium.com": "candorium.com/news/20230426152404126/microsoft-opens-top-cloud-data-processing-hub-in-poland reproduces The Associated Press report ('WARSAW, Poland (AP)')",
    "budrigannews.com": "budrigannews.com/microsoft-says-it-will-build-data-centre-in-poland-2023-04-26 reproduces a Reuters report ('WARSAW (Reuters)')",
    "exbulletin.com": "exbulletin.com/tech/2721234/ reproduces a Bloomberg report on Google's Malaysia investment ('(Bloomberg) —')",
    "cde.news": "cde.news/greece-requests-second-tranche-of-eu-recovery-funds/ reproduces a Reuters report ('ATHENS, Sept 30 (Reuters)')",
    "briefly.co": "briefly.co/anchor/World_news/story/alibaba-cloud-plans-expansion-into-europe-south-america quotes The Register's article paragraph by paragraph",
    "ghanaweb.live": "ghanaweb.live/GhanaHomePage/business/Google-announces-2bn-investment-in-Malaysia-... reposts an Al Jazeera article ('Source: Aljazeera')",
    "echoedgetnews.com": "echoedgetnews.com/google-opens-its-first-africa-cloud-data-centre-in-joburg reproduces TechCentral's article, title and '© 2024 NewsCentral Media' line included",
    "hcntimes.com": "hcntimes.com/google-officially-launches-its-first-african-cloud-region reproduces a TechCentral article ('© 2025 NewsCentral Media', 'Crédito: Link de origem')",
    "9pt.com": "9pt.com/oracle-cabinets-plans-to-construct-information-heart-in-israel reproduces a Globes article, machine-reworded",
}


def host(url: str) -> str:
    name = (urlsplit(url).hostname or "").lower()
    return name[4:] if name.startswith("www.") else name


def mirror_host(url: str) -> str:
    """The listed mirror host the address is on, or ""."""
    name = host(url)
    return next((h for h in MIRROR_HOSTS if name == h or name.endswith("." + h)), "")


def home_page(url: str) -> bool:
    """A site's front page (no path, no query): it names no document."""
    parts = urlsplit(url)
    return parts.path in ("", "/") and not parts.query


def same_document(url: str) -> str:
    """The address with what does not change the document dropped (scheme, www., a trailing slash, letter case
    of the host), so that two spellings of one address compare equal. A #fragment is kept: on a page of dated
    entries (release notes) it names one entry, which is cited on its own."""
    parts = urlsplit(url.strip())
    path = parts.path.rstrip("/")
    return f"{host(url)}{path}" + (f"?{parts.query}" if parts.query else "") + (f"#{parts.fragment}" if parts.fragment else "")
