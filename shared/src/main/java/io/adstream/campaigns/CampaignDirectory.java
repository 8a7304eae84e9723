package io.adstream.campaigns;

import java.util.SortedMap;

/**
 * The campaigns whose settings the pipeline has seen: what the API lists beside today's measures.
 */
public interface CampaignDirectory {

  /** Every campaign with settings, by campaign id. */
  SortedMap<String, CampaignProfile> campaigns();
}
