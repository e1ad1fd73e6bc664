"""What a citizen must read before the text: the status of a policy no longer in force, wherever
they land on it — its own page, the page of its interpretation, a list, a search result."""
from __future__ import annotations

from .documents import Document
from .library import acting
from .templates import cn_date

CURRENT = "现行有效"
MODIFIERS = {"已修改": "amended", "已废止": "repealed", "失效": "expired"}
BY_KEY = {"已修改": "amended_by", "已废止": "repealed_by"}
BY_LABEL = {"已修改": "修改文件", "已废止": "废止文件"}


def book_title(title: str) -> str:
    """A title in 《》, the title marks inside it turned to 〈〉 as Chinese nests them."""
    return "《" + title.replace("《", "〈").replace("》", "〉") + "》"


class Notices:
    """Mixed into the Renderer: needs self.site and self.summary()."""

    _acts: dict | None = None

    def acted_on_by(self, policy: Document) -> list[tuple[Document, str]]:
        """Policies that this policy amends or repeals (they name it in amended_by / repealed_by)."""
        if self._acts is None:
            self._acts = {}
            for p in self.site.of_type("policy"):
                for key, label in (("amended_by", "本文件修改"), ("repealed_by", "本文件废止")):
                    target = self.site.linked_policy(key, p)
                    if target is not None:
                        self._acts.setdefault(id(target), []).append((p, label))
        return self._acts.get(id(policy), [])

    _replaced: dict | None = None

    def replaced_by(self, policy: Document) -> list[Document]:
        """Policies that name this one in `replaces`."""
        if self._replaced is None:
            self._replaced = {}
            for p in self.site.of_type("policy"):
                for raw in p.paths("replaces"):
                    target = self.site.resolve_meta_path(raw).document
                    if target is not None:
                        self._replaced.setdefault(id(target), []).append(p)
        return self._replaced.get(id(policy), [])

    def chain(self, policy: Document, from_url: str, subject: str = "本文件") -> list[dict]:
        """The policy's chain both ways, as sentences: 本文件替代《…》, 本文件已被《…》废止 … Only
        published documents are named; `subject` is 所解读的文件 on an interpretation's page."""
        links: list[tuple[str, Document | None, str]] = []
        for key, verb in (("amended_by", "修改"), ("repealed_by", "废止")):
            links.append(("已被", self.site.linked_policy(key, policy), verb))
        links += [("修改了" if label == "本文件修改" else "废止了", other, "") for other, label in self.acted_on_by(policy)]
        links += [("已被", other, "替代") for other in self.replaced_by(policy)]
        links += [("替代", self.site.resolve_meta_path(raw).document, "") for raw in policy.paths("replaces")]
        out, named = [], set()
        for before, doc, after in links:      # one sentence a document: 废止/修改 says more than 替代
            if doc is None or doc.type != "policy" or doc.withheld or id(doc) in named:
                continue
            named.add(id(doc))
            item = self.summary(doc, from_url)
            item["title"] = book_title(doc.title)[1:-1]    # the sentence adds the outer 《》
            out.append({"before": subject + before, "after": after, **item})
        return out

    def _acting(self, policy: Document, status: str, from_url: str) -> list[dict]:
        """The link to what amended or repealed the policy, when it is published."""
        by = self.site.linked_policy(BY_KEY[status], policy) if status in BY_KEY else None
        if by is None or by.withheld:
            return []
        return [{"label": BY_LABEL[status], **self.summary(by, from_url)}]

    def banner(self, policy: Document) -> dict | None:
        """The status banner shown before the text of a policy that is no longer in force."""
        status = self.site.effective_status(policy)
        if status == CURRENT:
            return None
        _, acted = acting(self.site, policy)
        if status in BY_KEY and acted and acted > self.site.today:
            text = (f"本文件将于 {cn_date(acted)}起按修改后的文本施行，此前按原文施行。" if status == "已修改"
                    else f"本文件将于 {cn_date(acted)}起废止，此前继续施行。")
        elif status == "已修改":
            text = "本文件已被修改，部分条款已不再适用。"
        elif status == "已废止":
            text = "本文件已废止，不再作为行政管理的依据。"
        elif policy.meta.get("status") == CURRENT:
            text = f"本文件有效期至 {cn_date(policy.meta['valid_until'])}，已失效。"
        else:
            text = "本文件已失效，不再作为行政管理的依据。"
        return {"status": status, "modifier": MODIFIERS[status], "text": text,
                "links": self._acting(policy, status, policy.url)}

    def interpretation_banner(self, policy: Document, from_url: str) -> dict | None:
        """Before the text of an interpretation whose policy is no longer in force: a reader who comes
        from a search engine must not take outdated rules for current ones."""
        status = self.site.effective_status(policy)
        if status == CURRENT:
            return None
        text = {"已修改": "本解读所解读的文件已被修改，解读中的部分内容已不再适用，请以修改后的文件为准。",
                "已废止": "本解读所解读的文件已废止，解读内容不再作为办事依据，仅供查阅。",
                "失效": "本解读所解读的文件已失效，解读内容不再作为办事依据，仅供查阅。"}[status]
        links = [{"label": "所解读的文件", **self.summary(policy, from_url)}] if not policy.withheld else []
        return {"status": f"所解读的文件{status}", "modifier": MODIFIERS[status], "text": text,
                "links": links + self._acting(policy, status, from_url)}

    def governing(self, doc: Document) -> Document | None:
        """The policy whose status a document shares: a policy itself, the policy an interpretation explains."""
        if doc.type == "policy":
            return doc
        return self.site.linked_policy("policy", doc) if doc.type == "interpretation" else None

    def effective(self, doc: Document) -> str | None:
        """The effective status of that policy on the build date (None: no policy governs the document)."""
        policy = self.governing(doc)
        return self.site.effective_status(policy) if policy is not None else None

    def status_note(self, doc: Document) -> str | None:
        """What a page, a list row or a search result says of a document not in force."""
        status = self.effective(doc)
        if status in (None, CURRENT):
            return None
        return status if doc.type == "policy" else f"文件{status}"


def consultation_state(doc: Document, today, answered: bool) -> str:
    """征集状态 on the build date: 未开始, 征集中, 已截止 or 已公布采纳情况."""
    opens, closes = doc.meta.get("opens"), doc.meta.get("closes")
    if answered:
        return "已公布采纳情况"
    if opens and today < opens:
        return "未开始"
    return "征集中" if closes and today <= closes else "已截止"
