package io.adstream.generator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CrawlerListTest {
  private final CrawlerList crawlers = CrawlerList.load();

  @Test
  void noBrowserOrAppUserAgentOfRealPeopleMatchesTheCrawlerList() {
    assertThat(UserAgents.all())
        .hasSizeGreaterThan(20)
        .allSatisfy(ua -> assertThat(crawlers.matches(ua)).as(ua).isFalse());
  }

  @Test
  void everyCrawlerTheBotsImpersonateIsCaughtByTheList() {
    assertThat(crawlers.instances())
        .hasSizeGreaterThan(1_000)
        .allSatisfy(ua -> assertThat(crawlers.matches(ua)).as(ua).isTrue());
    assertThat(
            crawlers.matches(
                "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)"))
        .isTrue();
  }
}
