"""The names and code lists of the Grants.gov XML extract (schema OpportunityDetail-V1.0).

Sources: the extract's schema, https://apply07.grants.gov/apply/system/schemas/OpportunityDetail-V1.0.xsd
(element names, which elements repeat, MMDDYYYY dates, ``AwardCeiling`` as ``none`` or digits), and the
code lists of the Grants Funding Synopsis schema that agencies post with,
https://grants.gov/system-to-system/grantor-system-to-system/schemas/grants-funding-synopsis
(EligibleApplicantTypes, FundingInstrument, FundingActivityCategory). Grants.gov adds codes now and then
(IIJ, for the Infrastructure Investment and Jobs Act, is one): an unknown code is kept as written, and
only its label falls back to the code itself.
"""

NAMESPACE = "http://apply.grants.gov/system/OpportunityDetail-V1.0"
ROOT = "Grants"
SYNOPSIS = "OpportunitySynopsisDetail_1_0"
FORECAST = "OpportunityForecastDetail_1_0"

APPLICANT_TYPES: dict[str, str] = {
    "00": "State governments",
    "01": "County governments",
    "02": "City or township governments",
    "04": "Special district governments",
    "05": "Independent school districts",
    "06": "Public and State controlled institutions of higher education",
    "07": "Native American tribal governments (Federally recognized)",
    "08": "Public housing authorities/Indian housing authorities",
    "11": "Native American tribal organizations (other than Federally recognized tribal governments)",
    "12": "Nonprofits having a 501(c)(3) status with the IRS, other than institutions of higher education",
    "13": "Nonprofits that do not have a 501(c)(3) status with the IRS, other than institutions of higher education",
    "20": "Private institutions of higher education",
    "21": "Individuals",
    "22": "For profit organizations other than small businesses",
    "23": "Small businesses",
    "25": "Others (see text field entitled “Additional Information on Eligibility” for clarification)",
    "99": "Unrestricted (i.e., open to any type of entity above), subject to any clarification in text field entitled “Additional Information on Eligibility”",
}

FUNDING_INSTRUMENTS: dict[str, str] = {
    "G": "Grant",
    "CA": "Cooperative agreement",
    "PC": "Procurement contract",
    "O": "Other",
}

FUNDING_CATEGORIES: dict[str, str] = {
    "ACA": "Affordable Care Act",
    "AG": "Agriculture",
    "AR": "Arts",
    "BC": "Business and Commerce",
    "CD": "Community Development",
    "CP": "Consumer Protection",
    "DPR": "Disaster Prevention and Relief",
    "ED": "Education",
    "ELT": "Employment, Labor and Training",
    "EN": "Energy",
    "ENV": "Environment",
    "FN": "Food and Nutrition",
    "HL": "Health",
    "HO": "Housing",
    "HU": "Humanities",
    "IIJ": "Infrastructure Investment and Jobs Act",
    "IS": "Information and Statistics",
    "ISS": "Income Security and Social Services",
    "LJL": "Law, Justice and Legal Services",
    "NR": "Natural Resources",
    "O": "Other",
    "OZ": "Opportunity Zone Benefits",
    "RA": "Recovery Act",
    "RD": "Regional Development",
    "ST": "Science and Technology and other Research and Development",
    "T": "Transportation",
}

OPPORTUNITY_CATEGORIES: dict[str, str] = {
    "D": "Discretionary",
    "M": "Mandatory",
    "C": "Continuation",
    "E": "Earmark",
    "O": "Other",
}


def label(codes: dict[str, str], code: str) -> str:
    """Return the label of ``code`` in ``codes``, or the code itself when Grants.gov added it after this list."""
    return codes.get(code, code)
