/// The values a scenario file inherits where it is silent, as YAML with the source of each
/// figure (docs/sources.md). H: official source, M: trade press, L: derived; "assumption" marks a
/// value with no published figure behind it, to be swept.
enum Defaults {
    static let model = """
    name: unnamed scenario
    holidays: france
    # New complex situations per 1,000 inhabitants per year. Derived (L) so that, with the default
    # referral probability, requests come to about 250-300 per 100,000 a year (HdF 2024: 15,200
    # requests for ~6M inhabitants, H) and the case mix is close to HdF's (geriatrics 43%,
    # palliative 26%, chronic disease 8%, mental health 6%, disability 5%, addiction 4%, H).
    incidence:
      under_60:      {geriatric: 0.0, palliative: 0.25, chronic_disease: 0.25, mental_health: 0.35, disability: 0.3, addiction: 0.25}
      from_60_to_74: {geriatric: 1.5, palliative: 1.5, chronic_disease: 0.8, mental_health: 0.4, disability: 0.3, addiction: 0.2}
      from_75:       {geriatric: 22.0, palliative: 6.0, chronic_disease: 1.5, mental_health: 0.8, disability: 0.5, addiction: 0.1}
    # Monthly multipliers of incidence, January first: a winter peak (assumption).
    seasonality: [1.15, 1.10, 1.05, 1.0, 0.95, 0.90, 0.85, 0.85, 0.95, 1.0, 1.05, 1.15]
    persons:
      # Kaiser pyramid: level 3 is 1-5% and level 2 20-30% of chronic patients (Commonwealth Fund
      # 2009, H), so 3-20% of complex situations (levels 2 and 3) need case management (L).
      # Calibrated: with 0.10, case management at HdF's staffing is busy but not saturated
      # (staffing-hdf.yaml's face-validity test), within the pyramid's range of 3-20%.
      level3_share: 0.10
      level2:
        aggravation_per_year: 0.25        # assumption
        hospitalisation_per_year: 0.35    # 33% of people 75+ hospitalised at least once in 2010 (M)
        nursing_home_per_year: 0.04       # assumption
        death_per_year: 0.06              # assumption
        moving_per_year: 0.02             # assumption
        # After support ends: a new episode needing support. 30% of hospitalised patients are
        # hospitalised again later in the year (DREES 2019, H): needs come back (assumption).
        recurrence_per_year: 0.3
      level3:
        easing_per_year: 0.15             # assumption
        hospitalisation_per_year: 0.6     # assumption
        nursing_home_per_year: 0.12       # assumption; case management ends at death or institution (M)
        death_per_year: 0.15              # assumption
        moving_per_year: 0.01             # assumption
        recurrence_per_year: 0.5          # assumption
      # Pathways whose hazards differ from their level's. Palliative situations: death at 2 per
      # year, a median survival of ln 2 / 2 = 4 months (assumption: "months, not years"; 26% of
      # HdF requests are palliative, H), and more hospital stays (assumption).
      pathways:
        palliative: {death_per_year: 2.0, hospitalisation_per_year: 0.8}
      # A need nobody asks a device about lasts this long, then lapses unmet (assumption).
      unreferred_episode: {exponential: {mean: 6 months}}
      # Support goes on during a hospital stay (kept) or waits for the discharge (paused) (assumption).
      support_during_stay: kept
      # Hospitalisation hazard multipliers. No support: assumption (avoidable hospitalisations are
      # 5.5 times more likely without a GP visit, DREES 2023, H). Under coordination: IRDES found no
      # significant overall effect of PAERPA on hospitalisation (H-M): a small effect, to sweep.
      hospitalisation_multiplier_unsupported: 1.3
      hospitalisation_multiplier_coordinated: 0.95
      hospital_stay: {lognormal: {mean: 12 days, sd: 10 days}}   # mean stay of people 75+: 12 days (M)
    primary_care:
      # The probability that a GP working in a coordinated team (ESP, MSP, CPTS) handles a level-2
      # situation with the team, with no request to a device: subsidiarity (assumption).
      handles_level2: 0.35
    referral:
      # Requesters in HdF: hospitals 35%, users/carers 17%, GPs 15%, social 14%, medico-social 8% (H),
      # rescaled to sum to 1.
      sources: {hospital: 0.39, user_carer: 0.19, gp: 0.17, social: 0.16, medico_social: 0.09}
      # The share of complex situations referred when level 1 cannot cope. Calibrated: requests
      # (re-referrals included) come to about 270 per 100,000 a year in staffing-hdf.yaml, near
      # HdF's 15,200 for about 6M inhabitants in 2024 (about 250 per 100,000, H).
      probability: 0.47
      reference_gp_per_100k: 85           # assumption: about the national GP density
      density_elasticity: 0.5             # assumption
      readability_effect: 0.4             # assumption
      delay: {exponential: {mean: 3 weeks}}               # assumption
      misdirection: 0.3                   # assumption: wrong first device when the offer is unreadable
      reorientation_delay: {exponential: {mean: 2 weeks}} # assumption
      # Multipliers of the referral probability by who would ask (assumption: no figure tells them apart).
      source_factors: {gp: 1, hospital: 1, social: 1, medico_social: 1, user_carer: 1}
      # A hospital asks for support at the discharge of a person with complex needs and no support
      # in place (discharge planning, PRADO) with this probability (assumption).
      discharge_probability: 0.4
    targets:
      target_delay: 30 days               # assumption: no published response-time target
      rupture_wait: 3 months              # assumption
    # HdF: 200 professionals for EUR 17M in 2025, about EUR 85k per professional all-in (H, L).
    costs_per_fte_per_year: {front_desk: 85000, coordination: 85000, case_management: 85000}
    # The territorial support programme's cost per territory and year, by level, for its first two
    # years from the convergence (assumption; for scale, PAERPA's regional funding was EUR 19M a
    # year for 18 territories, about EUR 1M each, H-M).
    support_programme:
      cost_per_year: {none: 0, light: 100000, reinforced: 250000, strong: 500000}
      duration: 2 years
    # Staff time, not slots: a caseload admits while the hours its people take fit in the time
    # its staff give to caseloads (each role's `time: {caseloads: ...}`).
    workload:
      # The legal annual working time of a full-time post in France: 1,607 hours (Code du
      # travail, art. L3121-27 and L3121-41, H).
      hours_per_fte_per_year: 1607
      # Caseload hours a month one followed situation takes, by need level. Level 3: calibrated so
      # that a case manager giving 75% of their time to caseloads follows about 29 people when the
      # caseload is full, and 23 at staffing-hdf.yaml's occupancy: the observed average of 23 per
      # case manager (2018, M), under the cap of "about forty" (JAS 2015, M). Level 2: calibrated
      # to HdF, whose 2024 activity (15,200 requests, about 60% given coordination support as in
      # Occitanie 2023, H) and staffing (200 staff, H) leave about 2 to 2.5 hours a month for each
      # situation followed for 3 months (L).
      hours_per_month: {level_2: 2, level_3: 3.5}
      # Multipliers of those hours (hours) and of support durations (duration) by pathway:
      # end-of-life situations call for more frequent contact (assumption).
      pathways:
        palliative: {hours: 1.5}
    """

    /// Devices named here are written per 100,000 inhabitants (`fte_per_100k`, `staff_per_100k`)
    /// so that one archetype fits a territory of any size.
    static let territory = """
    growth_per_year: {under_60: -0.002, from_60_to_74: 0.01, from_75: 0.025}   # assumption (ageing)
    gp_per_100k: 85                       # assumption
    primary_care_coverage: 0.4            # assumption; or a list of {date, share}
    # Before convergence, whom each source asks first, by device kind (renormalised among the
    # devices that accept the person): hospitals their network or PTA, GPs the PTA or the MAIA,
    # social services the CLIC (assumption, from each device's mission; no figure).
    routing:
      gp:            {pta: 0.35, maia: 0.25, clic: 0.15, cta: 0.15, network: 0.10}
      hospital:      {network: 0.35, pta: 0.30, cta: 0.15, maia: 0.10, clic: 0.10}
      social:        {clic: 0.50, maia: 0.20, pta: 0.15, cta: 0.15}
      medico_social: {maia: 0.40, clic: 0.30, cta: 0.15, pta: 0.15}
      user_carer:    {clic: 0.45, pta: 0.20, maia: 0.15, cta: 0.15, network: 0.05}
    support_programme: none
    turnover:
      quits_per_year: 0.15                # assumption
      hiring_delay: {exponential: {mean: 4 months}}   # assumption
      ramp_up: 6 months                   # assumption
      # Staff leave more while their service merges (uncertain posts, new roles): quits x1.5 from
      # 6 months before the DAC opens to a year after; the support programme shortens the
      # period as it shortens frictions (assumption).
      around_convergence: {multiplier: 1.5, before: 6 months, after: 12 months}
    # Bretagne: ~260 staff for 11 DAC, about 7.6 per 100,000 (L-M): taken as the policy's ideal,
    # split in the proportions of the archetypes' DAC (0.4 : 1.3 : 1.6, assumption).
    ideal_fte_per_100k: {front_desk: 0.9, coordination: 3.0, case_management: 3.7}
    """

    static let frontDesk = """
    hours: {days: [mon, tue, wed, thu, fri], open: "09:00", close: "17:00"}
    service: {lognormal: {mean: 40 min, sd: 30 min}}   # assumption
    # Occitanie 2023: 20% of requests were information/orientation, 60% coordination support (H);
    # Bretagne: about 66% got coordination support (L-M).
    resolved_share: 0.25
    """

    // How each FTE's time splits (shares summing to 1): caseloads; information and orientation
    // (mission 1); support to professionals (mission 3); assessments, home visits included;
    // territorial animation; management.
    static let coordination = """
    # assumption: a coordination référent also answers mission 1 and 3 requests and assesses new ones.
    time: {caseloads: 0.6, information: 0.1, professionals: 0.1, assessments: 0.1, animation: 0.05, management: 0.05}
    duration: {gamma: {mean: 3 months, sd: 2 months}}  # assumption
    """

    static let caseManagement = """
    # Case managers spend 57% of their time in the field (FMA 2016, M); with office work for the
    # same people, 75% on caseloads (assumption).
    time: {caseloads: 0.75, information: 0, professionals: 0.05, assessments: 0.1, animation: 0.05, management: 0.05}
    duration: {exponential: {mean: 2 years}}           # assumption: until stabilisation
    """

    static let frictions = """
    launch: {productivity: 0.7, recovery: 12 months}              # assumption
    role_conflicts: {productivity: 0.9, duration: 12 months}      # assumption
    information_system: {productivity: 0.9, duration: 18 months}  # assumption
    training: {productivity: 0.92, duration: 12 months}           # assumption
    readability_after: 0.8                                        # assumption
    """

    /// Devices before convergence and the DAC they become, by maturity archetype (docs/model.md).
    /// MAIA team: 1 pilot and 3 case managers (M) for about 190,000 inhabitants (L): 1.6 case
    /// managers per 100,000. The DAC staffing is HdF's, about 3.3 staff per 100,000 (H, L), split
    /// so that the DAC keeps the MAIA's 1.6 case managers per 100,000 (assumption: the DAC took
    /// over the MAIA teams), with 0.4 at the front desk and 1.3 in coordination support.
    static let archetypes: [String: String] = [
        "desert": """
        gp_per_100k: 60
        readability: 0.3
        support_programme: strong
        turnover: {quits_per_year: 0.2}
        devices:
          - {name: MAIA, kind: maia, eligibility: {age_bands: [from_60_to_74, from_75]},
             case_management: {fte_per_100k: 1.6}}
        convergence:
          dac: {front_desk: {staff_per_100k: 0.3}, coordination: {fte_per_100k: 1.0}, case_management: {fte_per_100k: 1.6}}
          launch: {productivity: 0.6, recovery: 18 months}
          information_system: {productivity: 0.85, duration: 24 months}
          training: {productivity: 0.85, duration: 18 months}
        """,
        "medico-social": """
        readability: 0.45
        support_programme: reinforced
        devices:
          - {name: CLIC, kind: clic, eligibility: {age_bands: [from_60_to_74, from_75]},
             front_desk: {staff_per_100k: 0.5}, coordination: {fte_per_100k: 0.8}}
          - {name: MAIA, kind: maia, eligibility: {age_bands: [from_60_to_74, from_75]},
             case_management: {fte_per_100k: 1.2}}
        convergence:
          dac: {front_desk: {staff_per_100k: 0.4}, coordination: {fte_per_100k: 1.3}, case_management: {fte_per_100k: 1.6}}
        """,
        "sanitary": """
        readability: 0.45
        support_programme: reinforced
        devices:
          - {name: PTA, kind: pta, front_desk: {staff_per_100k: 0.4}, coordination: {fte_per_100k: 1.2}}
          - {name: palliative network, kind: network, eligibility: {pathways: [palliative]},
             coordination: {fte_per_100k: 0.5}}
        convergence:
          dac: {front_desk: {staff_per_100k: 0.4}, coordination: {fte_per_100k: 1.3}, case_management: {fte_per_100k: 1.6}}
        """,
        "balanced": """
        readability: 0.5
        support_programme: light
        devices:
          - {name: CLIC, kind: clic, eligibility: {age_bands: [from_60_to_74, from_75]},
             front_desk: {staff_per_100k: 0.3}, coordination: {fte_per_100k: 0.4}}
          - {name: MAIA, kind: maia, eligibility: {age_bands: [from_60_to_74, from_75]},
             case_management: {fte_per_100k: 1.2}}
          - {name: PTA, kind: pta, front_desk: {staff_per_100k: 0.2}, coordination: {fte_per_100k: 0.9}}
          - {name: palliative network, kind: network, eligibility: {pathways: [palliative]},
             coordination: {fte_per_100k: 0.4}}
        convergence:
          dac: {front_desk: {staff_per_100k: 0.4}, coordination: {fte_per_100k: 1.3}, case_management: {fte_per_100k: 1.6}}
          launch: {productivity: 0.8, recovery: 9 months}
        """,
        "paerpa-pilot": """
        readability: 0.6
        support_programme: light
        devices:
          - {name: PAERPA CTA, kind: cta, eligibility: {age_bands: [from_75]},
             front_desk: {staff_per_100k: 0.4}, coordination: {fte_per_100k: 1.0}}
          - {name: MAIA, kind: maia, eligibility: {age_bands: [from_60_to_74, from_75]},
             case_management: {fte_per_100k: 1.2}}
          - {name: palliative network, kind: network, eligibility: {pathways: [palliative]},
             coordination: {fte_per_100k: 0.4}}
        convergence:
          dac: {front_desk: {staff_per_100k: 0.4}, coordination: {fte_per_100k: 1.3}, case_management: {fte_per_100k: 1.6}}
          launch: {productivity: 0.85, recovery: 6 months}
          role_conflicts: {productivity: 0.95, duration: 6 months}
        """,
    ]
}
